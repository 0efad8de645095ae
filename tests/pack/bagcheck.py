#!/usr/bin/python3
"""tests/pack/bagcheck.py BAG: validate a BagIt bag by the rules bagit-python's `validate()`
applies (RFC 8493 plus that tool's own checks), written here because Debian 12 does not package
bagit-python. Exit 0 and "valid" when the bag passes; exit 1 and one line per problem otherwise.

Rules checked, as bagit-python checks them:
- bagit.txt exists, names BagIt-Version (0.93 to 1.0) and Tag-File-Character-Encoding, and has
  no byte-order mark;
- at least one payload manifest manifest-<alg>.txt with a known algorithm; tagmanifest-<alg>.txt
  optional;
- manifest lines are "<digest> <path>"; paths are percent-decoded (%0D %0A %25), relative, inside
  the bag, payload paths under data/;
- every payload file is listed in every payload manifest, every listed file exists (completeness);
- every digest matches (payload and tag manifests);
- Payload-Oxum in bag-info.txt, when present, matches the payload's octets and file count;
- fetch.txt, when present, names no file missing from the payload it would fill (a bag with
  unfetched files is incomplete);
- other tag files at the root (Thumbs.db, .DS_Store) are allowed."""
import hashlib
import os
import sys
import unicodedata

ALGS = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
VERSIONS = {"0.93", "0.94", "0.95", "0.96", "0.97", "1.0"}


def read_tags(path, problems):
    """Tag file lines "Name: value", continuation lines start with whitespace."""
    tags = []
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{os.path.basename(path)}: starts with a byte-order mark")
        raw = raw[3:]
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        if line[0] in " \t" and tags:
            tags[-1] = (tags[-1][0], tags[-1][1] + " " + line.strip())
        elif ":" in line:
            name, value = line.split(":", 1)
            tags.append((name.strip(), value.strip()))
        else:
            problems.append(f"{os.path.basename(path)}: not a tag line: {line!r}")
    return tags


def decode_path(p):
    return p.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def digest(path, alg):
    h = hashlib.new(alg)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(bag, name, problems):
    entries = {}
    with open(os.path.join(bag, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split(None, 1)
            if len(parts) != 2:
                problems.append(f"{name}:{n}: not '<digest> <path>'")
                continue
            rel = decode_path(parts[1].strip())
            norm = os.path.normpath(rel)
            if os.path.isabs(rel) or norm == ".." or norm.startswith(".." + os.sep):
                problems.append(f"{name}:{n}: unsafe path {rel!r}")
                continue
            entries[unicodedata.normalize("NFC", norm)] = parts[0].lower()
    return entries


def payload_files(bag):
    files = []
    for root, dirs, names in os.walk(os.path.join(bag, "data")):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(root, name)
            files.append(unicodedata.normalize("NFC", os.path.relpath(full, bag)))
    return files


def check(bag):
    problems = []
    bagit_txt = os.path.join(bag, "bagit.txt")
    if not os.path.isfile(bagit_txt):
        return ["bagit.txt is missing"]
    tags = dict(read_tags(bagit_txt, problems))
    if tags.get("BagIt-Version") not in VERSIONS:
        problems.append(f"bagit.txt: unsupported BagIt-Version {tags.get('BagIt-Version')!r}")
    if "Tag-File-Character-Encoding" not in tags:
        problems.append("bagit.txt: no Tag-File-Character-Encoding")
    if not os.path.isdir(os.path.join(bag, "data")):
        problems.append("data/ is missing")
        return problems

    root = sorted(os.listdir(bag))
    manifests = [n for n in root if n.startswith("manifest-") and n.endswith(".txt")]
    tagmanifests = [n for n in root if n.startswith("tagmanifest-") and n.endswith(".txt")]
    if not manifests:
        problems.append("no payload manifest")
    payload = set(payload_files(bag))
    for name in manifests + tagmanifests:
        alg = name.split("-", 1)[1][:-4]
        if alg not in ALGS:
            problems.append(f"{name}: unknown algorithm {alg}")
            continue
        entries = read_manifest(bag, name, problems)
        is_payload = name.startswith("manifest-")
        for rel, want in sorted(entries.items()):
            if is_payload and not rel.startswith("data" + os.sep):
                problems.append(f"{name}: {rel} is not under data/")
                continue
            full = os.path.join(bag, rel)
            if not os.path.isfile(full):
                problems.append(f"{name}: {rel} is listed but missing")
            elif digest(full, alg) != want:
                problems.append(f"{name}: {rel} has another {alg} digest")
        if is_payload:
            for rel in sorted(payload - set(entries)):
                problems.append(f"{name}: {rel} is in the payload but not listed")

    info = os.path.join(bag, "bag-info.txt")
    if os.path.isfile(info):
        for name, value in read_tags(info, problems):
            if name.lower() == "payload-oxum":
                try:
                    octets, count = (int(x) for x in value.split("."))
                except ValueError:
                    problems.append(f"bag-info.txt: malformed Payload-Oxum {value!r}")
                    continue
                real = sum(os.path.getsize(os.path.join(bag, p)) for p in payload)
                if (octets, count) != (real, len(payload)):
                    problems.append(f"Payload-Oxum {value} but the payload is {real}.{len(payload)}")
    fetch = os.path.join(bag, "fetch.txt")
    if os.path.isfile(fetch):
        with open(fetch, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                parts = line.split(None, 2)
                if len(parts) == 3 and not os.path.isfile(os.path.join(bag, decode_path(parts[2].strip()))):
                    problems.append(f"fetch.txt:{n}: {parts[2].strip()} not fetched (bag incomplete)")
    return problems


def main():
    if len(sys.argv) != 2:
        print("usage: bagcheck.py BAG", file=sys.stderr)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    if not problems:
        print(f"{sys.argv[1]}: valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
