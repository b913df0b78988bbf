"""A PEP 517 build backend for the dagshub_auth package, standard library
only, so that `pip install bindings/python` needs no download (no
setuptools in an isolated build environment) and writes nothing into the
source folder.  It builds a pure-Python wheel of dagshub_auth/*.py, an
sdist, and an editable wheel (a .pth file naming this folder)."""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "dagshub-auth"
DIST = "dagshub_auth"
PACKAGE = "dagshub_auth"


def _version():
    with open(os.path.join(HERE, PACKAGE, "__init__.py")) as f:
        m = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not m:
        raise RuntimeError("no __version__ in dagshub_auth/__init__.py")
    return m.group(1)


def _metadata():
    with open(os.path.join(HERE, "README.md")) as f:
        readme = f.read()
    return (
        "Metadata-Version: 2.1\n"
        "Name: %s\n"
        "Version: %s\n"
        "Summary: The DagsHub client's auth functions answered by the "
        "dagshub-auth provider chain\n"
        "Requires-Python: >=3.7\n"
        "Provides-Extra: httpx\n"
        "Requires-Dist: httpx; extra == \"httpx\"\n"
        "Provides-Extra: requests\n"
        "Requires-Dist: requests; extra == \"requests\"\n"
        "Description-Content-Type: text/markdown\n"
        "\n%s" % (NAME, _version(), readme))


def _sources():
    d = os.path.join(HERE, PACKAGE)
    return sorted(f for f in os.listdir(d) if f.endswith(".py"))


def _dist_info():
    return "%s-%s.dist-info" % (DIST, _version())


def _wheel_files(editable):
    files = []
    if editable:
        files.append(("__editable__.%s.pth" % DIST, (HERE + "\n").encode()))
    else:
        for f in _sources():
            with open(os.path.join(HERE, PACKAGE, f), "rb") as fh:
                files.append(("%s/%s" % (PACKAGE, f), fh.read()))
    di = _dist_info()
    files.append((di + "/METADATA", _metadata().encode()))
    files.append((di + "/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: dagshub_auth_build\n"
        "Root-Is-Purelib: true\nTag: py3-none-any\n").encode()))
    files.append((di + "/top_level.txt", (PACKAGE + "\n").encode()))
    return files


def _write_wheel(wheel_directory, editable):
    name = "%s-%s-py3-none-any.whl" % (DIST, _version())
    record = []
    path = os.path.join(wheel_directory, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in _wheel_files(editable):
            z.writestr(arc, data)
            digest = base64.urlsafe_b64encode(
                hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (arc, digest, len(data)))
        rec = _dist_info() + "/RECORD"
        record.append(rec + ",,")
        z.writestr(rec, "\n".join(record) + "\n")
    return name


# ---- the PEP 517 / PEP 660 hooks ---------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    di = os.path.join(metadata_directory, _dist_info())
    os.makedirs(di, exist_ok=True)
    for arc, data in _wheel_files(False):
        if arc.startswith(_dist_info() + "/"):
            with open(os.path.join(metadata_directory, arc), "wb") as f:
                f.write(data)
    return _dist_info()


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    return _write_wheel(wheel_directory, False)


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    return _write_wheel(wheel_directory, True)


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (DIST, _version())
    name = base + ".tar.gz"
    members = ["pyproject.toml", "README.md",
               "build_backend/dagshub_auth_build.py"]
    members += ["%s/%s" % (PACKAGE, f) for f in _sources()]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz",
                      format=tarfile.PAX_FORMAT) as t:
        for m in members:
            t.add(os.path.join(HERE, m), base + "/" + m, recursive=False)
        info = _metadata().encode()
        ti = tarfile.TarInfo(base + "/PKG-INFO")
        ti.size = len(info)
        ti.mode = 0o644
        t.addfile(ti, io.BytesIO(info))
    return name
