"""Pool workers and Ctrl-C: only the build reports it, however early it comes."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import pytest

from generator.workers import holding_ctrl_c, worker_init


def _slow_init() -> None:
    time.sleep(0.5)  # a wide window between the fork and the worker's own set-up
    worker_init()


def test_a_ctrl_c_before_a_worker_is_set_up_reaches_only_the_parent(
        capfd: pytest.CaptureFixture[str]) -> None:
    # the interrupt is raised on leaving holding_ctrl_c
    with pytest.raises(KeyboardInterrupt), holding_ctrl_c():  # noqa: PT012
        pool = mp.get_context("fork").Pool(2, initializer=_slow_init)
        workers = list(pool._pool)  # type: ignore[attr-defined]
        for worker in workers:  # the terminal signals the whole process group
            os.kill(worker.pid, signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
    try:
        assert pool.map(abs, [-1, -2, -3]) == [1, 2, 3]
        assert all(worker.is_alive() for worker in workers)
        assert list(pool._pool) == workers  # type: ignore[attr-defined]  # none replaced
    finally:
        pool.terminate()
        pool.join()
    err = capfd.readouterr().err
    assert "KeyboardInterrupt" not in err and "Process " not in err, err
