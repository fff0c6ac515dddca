"""Pool workers and Ctrl-C: only the build reports it, however early it comes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.workers import ApartFailed, apart, beside

# Run in a fresh, single-threaded interpreter, as the build is: the test process has other
# threads (the browser tests' driver), and a process-directed SIGINT may go to any of them.
SCENARIO = textwrap.dedent("""
    import multiprocessing as mp, os, signal, time
    from generator.workers import holding_ctrl_c, worker_init

    def slow_init():
        time.sleep(0.5)  # a wide window between the fork and the worker's own set-up
        worker_init()

    if __name__ == "__main__":
        try:
            with holding_ctrl_c():
                pool = mp.get_context("fork").Pool(2, initializer=slow_init)
                workers = list(pool._pool)
                for worker in workers:  # the terminal signals the whole process group
                    os.kill(worker.pid, signal.SIGINT)
                os.kill(os.getpid(), signal.SIGINT)
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted")
        print(pool.map(abs, [-1, -2, -3]))
        print(all(w.is_alive() for w in workers) and list(pool._pool) == workers)
        pool.terminate()
        pool.join()
""")


def test_a_ctrl_c_before_a_worker_is_set_up_reaches_only_the_parent() -> None:
    proc = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.split("\n") == ["interrupted", "[1, 2, 3]", "True", ""], proc
    assert proc.stderr == "", proc.stderr


def _whose(values: list[int]) -> tuple[int, list[int]]:
    return os.getpid(), sorted(values)


def _fails(message: str) -> None:
    raise ValueError(message)


def test_beside_runs_in_a_forked_process_and_hands_back_its_result() -> None:
    values = [3, 1, 2]
    with beside(_whose, (values,)) as done:
        values.append(0)  # the child read the list as it was at the fork
        pid, got = done()
    assert got == [1, 2, 3] and pid != os.getpid()
    with beside(_whose, (values,), parallel=False) as done:
        assert done() == (os.getpid(), [0, 1, 2, 3])


def test_an_error_in_the_forked_process_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="二是"), beside(_fails, ("二是",)) as done:
        done()


def _resident_mb(status: str) -> float:
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:"))
               .split()[1]) / 1024


def test_apart_runs_in_a_new_process_that_does_not_carry_the_callers_memory() -> None:
    ballast = bytearray(b"x" * (400 << 20))  # resident here: a fork would count it too
    status = Path("/proc/self/status")
    with apart(Path.read_text, (status,)) as done:
        child = done()
    assert _resident_mb(status.read_text()) > 400
    assert _resident_mb(child) < 200, child
    assert f"PPid:\t{os.getpid()}" in child  # a child of this process
    del ballast
    with apart(os.getpid, ()) as done:
        assert done() != os.getpid()
    with apart(os.getpid, (), parallel=False) as done:
        assert done() == os.getpid()


def test_an_error_or_an_exit_in_the_new_process_reaches_the_caller() -> None:
    with pytest.raises(ApartFailed, match="ValueError: invalid literal"), \
            apart(int, ("二是",)) as done:
        done()
    with pytest.raises(ApartFailed, match="status 3 and no result"), \
            apart(os._exit, (3,)) as done:
        done()
