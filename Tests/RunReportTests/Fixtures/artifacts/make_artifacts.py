#!/usr/bin/env python3
"""Builds the artifact fixtures from ../../../../../shared/examples (see README.md). Rerun to regenerate:
    python3 make_artifacts.py /work/shared/examples
"""
import json
import os
import struct
import sys
import zlib
from urllib.parse import urlsplit

EXAMPLES = sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/examples"
HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    with open(path) as f:
        d = json.load(f)
    return d.get("data", d) if isinstance(d, dict) and "status" in d else d


def save(obj, *parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def png(width, height, rgb):
    """A valid, tiny, solid-colour PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


FILES = {}


def serve(url, data):
    FILES[os.path.basename(urlsplit(url).path)] = data


# --- Cypress: the real run c7068a4d, every instance, screenshots re-pointed at their tests -------
src = os.path.join(EXAMPLES, "real-flaky-c7068a4d")
run = load(os.path.join(src, "run.json"))
save(run, "cypress", "run.json")
# The real instances were assembled from two recordings: the spec-level screenshots name testId
# "r0"/"r2" of the other recording. Here each names the test whose attempt it was taken in, and the
# attempt's own listing carries the same screenshotId (without URL, as in the real data): one
# screenshot listed twice.
owner = {"qYf9vWUqdmin": "r3", "GDEKME1tH9E3": "r3", "l3ebuCsqoBcS": "r3", "dZ4sdqqLEFP6": {"r0": "r3", "r2": "r5"}}
colours = [(200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 160, 40), (160, 40, 160), (40, 160, 160), (90, 90, 90), (250, 120, 0)]
n = 0
for name in sorted(os.listdir(os.path.join(src, "instances"))):
    inst = load(os.path.join(src, "instances", name))
    iid = inst["instanceId"]
    results = inst["results"]
    tests = {t["testId"]: t for t in results["tests"]}
    for shot in results.get("screenshots") or []:
        o = owner.get(iid)
        tid = o.get(shot["testId"]) if isinstance(o, dict) else o
        shot["testId"] = tid
        attempt = tests[tid]["attempts"][shot["testAttemptIndex"]]
        for listed in attempt.get("screenshots") or []:
            listed["screenshotId"] = shot["screenshotId"]
            listed["testId"] = tid
        serve(shot["screenshotURL"], png(8 + n, 6 + n, colours[n % len(colours)]))
        n += 1
    if iid == "GDEKME1tH9E3":
        # A spec video (the documented instance's URL) and a screenshot of no test of the spec.
        video = load(os.path.join(EXAMPLES, "docs-instance.json"))["results"]["videoUrl"]
        results["videoUrl"] = video
        serve(video, b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4)
        spare = dict(results["screenshots"][0])
        spare.update({"testId": "r9", "testAttemptIndex": 0, "screenshotId": "spec-level-Zq8", "name": "after all hook"})
        spare["screenshotURL"] = spare["screenshotURL"].replace("UzwapCP45wyg.png", "SpecLevel8Zq.png")
        results["screenshots"].append(spare)
        serve(spare["screenshotURL"], png(5, 5, (0, 0, 0)))
    save(inst, "cypress", "instances", name)

# --- Playwright: the documented run and instance, with results.attachments[] -----------------
prun = load(os.path.join(EXAMPLES, "docs-run-playwright.json"))
save(prun, "playwright", "run.json")
pinst = load(os.path.join(EXAMPLES, "docs-instance-playwright.json"))
spec = prun["specs"][0]
pinst["runId"], pinst["instanceId"] = prun["runId"], spec["instanceId"]
res = pinst["results"]
failed = res["tests"][0]["testId"]
trace = res["playwrightTraces"][0]
video = res["videos"][0]
shot = res["screenshots"][0]
res["attachments"] = [
    {"testId": failed, "name": "screenshot", "filename": "test-failed-1.png", "contentType": "image/png",
     "testAttemptIndex": 0, "readUrl": shot["screenshotURL"]},
    {"testId": failed, "name": "video", "filename": "video.webm", "contentType": "video/webm",
     "testAttemptIndex": 0, "readUrl": video["videoUrl"]},
    {"testId": failed, "name": "trace", "filename": "trace.zip", "contentType": "application/zip",
     "testAttemptIndex": 0, "readUrl": trace["traceURL"]},
    # The documented trace names a test the instance does not list: it belongs to the spec.
    {"testId": trace["testId"], "name": "trace", "filename": "trace.zip", "contentType": "application/zip",
     "testAttemptIndex": 0, "readUrl": trace["traceURL"].replace("9I2Njx6U5sOa0gx9", "OtherTrace0001")},
]
serve(shot["screenshotURL"], png(12, 9, (30, 30, 30)))
serve(video["videoUrl"], b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 2)
serve(trace["traceURL"], b"PK\x05\x06" + b"\x00" * 18)
serve(res["attachments"][3]["readUrl"], b"PK\x05\x06" + b"\x00" * 18)
save(pinst, "playwright", "instances", spec["instanceId"] + ".json")

os.makedirs(os.path.join(HERE, "files"), exist_ok=True)
for name, data in sorted(FILES.items()):
    with open(os.path.join(HERE, "files", name), "wb") as f:
        f.write(data)
print("%d files" % len(FILES))
