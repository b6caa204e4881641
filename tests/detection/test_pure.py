import subprocess
import sys


def test_detection_imports_nothing_from_django():
    code = "import sys, stoa.detection; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"
