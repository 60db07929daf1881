"""Running a command as its own process and sampling its whole process tree's memory."""

import subprocess
import threading
import time

import psutil


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes (0 once it is gone)."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak MiB of the process tree, exit code, output) of one command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    watched, peak, done = psutil.Process(child.pid), 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(watched))
            time.sleep(0.05)

    thread = threading.Thread(target=sample)
    thread.start()
    output, _ = child.communicate()
    done.set()
    thread.join()
    return time.perf_counter() - started, peak / 2**20, child.returncode, output.decode()
