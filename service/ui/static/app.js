// henno's web page: progress polling, keyboard review, Ctrl+Enter to classify. No library.
"use strict";

function typing(event) {
  const tag = event.target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

// Pages that show background work poll its status and reload when it changes.
function pollStatus() {
  const box = document.querySelector("[data-status-url]");
  if (!box) return;
  const url = box.dataset.statusUrl;
  const bar = document.getElementById("job-bar");
  const rows = document.getElementById("job-rows");
  const tick = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) { window.location.reload(); return; }  // gone, expired, logged out
      const state = await response.json();
      if (state.status !== "running" && state.status !== "queued") { window.location.reload(); return; }
      if (rows && typeof state.rows === "number") rows.textContent = state.rows.toLocaleString("ja-JP");
      if (bar && typeof state.fraction === "number") bar.value = state.fraction;
    } catch (error) { /* the next tick tries again */ }
    window.setTimeout(tick, 1000);
  };
  window.setTimeout(tick, 500);
}

// Review: 1-5 choose a label, Enter confirms the chosen one, U undoes the last decision.
function reviewKeys() {
  const form = document.getElementById("decide-form");
  const undo = document.getElementById("undo-form");
  const choices = form ? Array.from(form.querySelectorAll("button.choice")) : [];
  let chosen = choices.find((b) => b.classList.contains("selected")) || null;
  const choose = (button) => {
    choices.forEach((b) => { b.classList.toggle("selected", b === button); b.setAttribute("aria-pressed", String(b === button)); });
    chosen = button;
    button.focus();
  };
  document.addEventListener("keydown", (event) => {
    if (typing(event) || event.altKey || event.metaKey) return;
    if (event.ctrlKey && event.key.toLowerCase() !== "z") return;
    if (/^[1-5]$/.test(event.key) && choices.length) {
      choose(choices[Number(event.key) - 1]);
      event.preventDefault();
    } else if (event.key === "Enter" && chosen) {
      const focused = event.target.closest && event.target.closest("a, button");
      if (focused && !choices.includes(focused)) return;  // Enter on a link or another button
      event.preventDefault();
      form.requestSubmit(focused || chosen);  // a label reached with Tab is the one meant
    } else if ((event.key.toLowerCase() === "u" || (event.ctrlKey && event.key.toLowerCase() === "z")) && undo) {
      event.preventDefault();
      undo.requestSubmit();
    }
  });
}

function classifyKeys() {
  const text = document.getElementById("text");
  const form = document.getElementById("classify-form");
  if (!text || !form) return;
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
}

// A file over the server's limit is refused here, before minutes of uploading.
function uploadLimit() {
  const input = document.querySelector("input[type=file][data-max-bytes]");
  const warning = document.getElementById("file-size");
  if (!input || !warning) return;
  const check = () => {
    const tooLarge = input.files.length > 0 && input.files[0].size > Number(input.dataset.maxBytes);
    warning.hidden = !tooLarge;
    input.setCustomValidity(tooLarge ? warning.textContent : "");
  };
  input.addEventListener("change", check);
}

function backLinks() {
  document.querySelectorAll("[data-back]").forEach((link) => link.addEventListener("click", (event) => {
    event.preventDefault();
    window.history.back();
  }));
}

// A form that destroys something asks first: its data-confirm holds the question.
function confirmForms() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  }));
}

// A table wider than its box scrolls sideways inside it: the line named by data-scroll-cue
// says so, and the box gets a right edge, only while there is something to scroll to.
function scrollCues() {
  document.querySelectorAll("[data-scroll-cue]").forEach((box) => {
    const cue = document.getElementById(box.dataset.scrollCue);
    if (!cue) return;
    const check = () => {
      const more = box.scrollWidth > box.clientWidth + 1;
      cue.hidden = !more;
      box.classList.toggle("scrolls", more && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    };
    check();
    window.addEventListener("resize", check);
    box.addEventListener("scroll", check, { passive: true });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  pollStatus(); reviewKeys(); classifyKeys(); uploadLimit(); backLinks(); confirmForms(); scrollCues();
});
