"""The clerk's recent file jobs, as ファイルを判定 lists them."""

from dataclasses import dataclass

from henno.service.ui.job_record import Job, JobStatus

STATUS_JA = {
    JobStatus.UPLOADED: "列の選択待ち",
    JobStatus.QUEUED: "順番待ち",
    JobStatus.RUNNING: "判定中",
    JobStatus.DONE: "完了",
    JobStatus.FAILED: "失敗",
}


@dataclass(frozen=True)
class JobRow:
    job: Job
    status: str
    pending: int | None  # review items of its file still waiting in 要確認; None: unknown
    decided: int

    @property
    def done(self) -> bool:
        return self.job.status == JobStatus.DONE


def job_rows(jobs: list[Job], progress: dict[str, tuple[int, int]] | None) -> list[JobRow]:
    """Newest first; `progress` maps a file hash to its (pending, decided) review items
    (None: the review store is down)."""
    rows = []
    for job in sorted(jobs, key=lambda job: job.created, reverse=True):
        pending, decided = (None, 0) if progress is None else progress.get(job.file_hash, (0, 0))
        rows.append(JobRow(job, STATUS_JA[job.status], pending, decided))
    return rows
