#!/usr/bin/env python3
"""Generate a deterministic synthetic Currents run bundle for benchmarking runreport.

Writes OUT/run.json (a `GET /runs/:runId` response, with the {"status":"OK","data":...}
envelope) and OUT/instances/<instanceId>.json (one `GET /instances/:instanceId` response
per spec, enveloped too), shaped like the real run in
Tests/RunReportTests/Fixtures/real-flaky-c7068a4d/.

    python3 bench/generate.py OUT [--specs 20000] [--machines 200] [--tests-per-spec 10]
                                  [--groups 2] [--own-machine] [--seed 1] [--indent N]
                                  [--long-text] [--shape test-dense] [--force]

Defaults: 20,000 specs (10,000 spec files run in 2 groups, e.g. two browsers) on 200
machines, about 200,000 tests, about 180 MB in 20,001 files. Everything comes from
random.Random(seed): the same arguments always give byte-identical files.

--own-machine runs every spec on its own machine (one claim each, no machine reused;
--machines is ignored): the degenerate shape with as many machines as specs.

--long-text gives every test a deeper title (two to four describe blocks of a data-driven
suite, a longer `it`) and every error a longer message and stack. --shape test-dense is the
test-dense shape of the benchmarks: few specs with very many tests each, long text: 200 specs
of ~1,000 tests on 20 machines, about 200,000 tests and 230 MB in 201 files (--specs 200
--machines 20 --tests-per-spec 1000 --long-text; options given explicitly still win).

Realism:
- machines claim specs in batches (several claims within milliseconds), then run them
  one after another, so completedAt - claimedAt includes queueing;
- per test: ~3% flaky (a failed attempt, then a passed one), ~1% failing (3 failed
  attempts), ~2% pending (zero attempts); a few specs fail in a `before each` hook
  (the rest of the suite is `skipped`, with one null-time skipped attempt) and a very
  few cannot run at all (results.exception set);
- errors carry name/message/stack/codeFrame; some messages contain ANSI colour codes;
  every failed attempt has a failure screenshot, listed (with a long pre-signed URL) in
  results.screenshots of the instance and of the run's spec entry;
- group counters (instances and tests, retries == flaky) and run status are computed
  from the generated specs, so they are exactly consistent.
"""

import argparse
import hashlib
import heapq
import json
import os
import string
import sys
import time
import random

ALNUM = string.ascii_letters + string.digits
SIG_ALPHABET = string.ascii_letters + string.digits + "-~"
HEX = "0123456789abcdef"

# Per-test outcome rates (the rest pass on the first attempt).
P_FAILING = 0.01   # 3 failed attempts
P_FLAKY = 0.03     # failed attempt, then passed
P_PENDING = 0.02   # it.skip: zero attempts
P_HOOK_FAIL_SPEC = 0.003   # spec whose `before each` hook fails: rest of suite skipped
P_EXCEPTION_SPEC = 0.0005  # spec that cannot run (compilation error)
P_VIDEO = 0.25             # spec has a recorded video
P_MANUAL_SCREENSHOT = 0.01  # passing test that calls cy.screenshot()
P_ANSI = 0.4               # error message with ANSI colour codes
RETRIES = 2                # cypress retries: {runMode: 2}
BODY_MIN, BODY_MAX = 1, 3  # lines of Cypress commands in a test body (tunes the bundle size)

BROWSERS = [
    ("chrome", "Chrome", "121.0.6167.184"),
    ("firefox", "Firefox", "122.0.1"),
    ("electron", "Electron", "118.0.5993.159"),
    ("edge", "Edge", "121.0.2277.128"),
]

NOUNS = ["order", "invoice", "customer", "cart", "checkout", "product", "user", "role",
         "permission", "report", "dashboard", "notification", "subscription", "payment",
         "shipment", "address", "coupon", "review", "wishlist", "session", "token",
         "webhook", "integration", "export", "import", "filter", "search result", "tag",
         "comment", "attachment", "team", "workspace", "project", "label", "setting"]
ADJS = ["new", "archived", "draft", "shared", "pending", "expired", "default", "custom",
        "bulk", "recurring", "disabled", "premium", "localized", "paginated", "nested"]
VERBS = ["create", "update", "delete", "display", "validate", "filter", "sort", "export",
         "import", "duplicate", "restore", "archive", "rename", "assign", "search for",
         "paginate", "preview", "download", "share", "reorder"]
OUTCOMES = ["without errors", "and show a toast", "when offline", "for a read-only user",
            "after a page reload", "with keyboard navigation", "in the mobile layout",
            "when the API returns 500", "with an empty list", "with 500 rows",
            "and keep the selection", "and update the counter", "in under 2 seconds",
            "with unicode input “Zoë Straße ✓”", "for prices in € and ¥"]
PAGES = ["settings", "orders", "billing", "team", "reports", "inbox", "catalog",
         "profile", "admin", "integrations", "analytics", "onboarding"]
SELECTORS = ["[data-cy=submit]", "[data-cy=save-button]", "[data-test=row-actions]",
             "[data-cy=modal-confirm]", "#email", "#password", "input[name=search]",
             ".toast-message", "[data-cy=nav-{p}]", "[data-cy={n}-list] > li",
             "button[type=submit]", "[data-cy={n}-name-input]", ".ant-select-selector",
             "[role=dialog] [data-cy=close]", "table tbody tr:first-child td"]
API_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE"]

BODY_LINES = [
    "cy.visit('/{p}/{n}s?page=1&pageSize=50');",
    "cy.intercept('{v}', '/api/v2/{n}s*').as('{n}Request');",
    "cy.get('{s}').should('be.visible').click();",
    "cy.get('{s}').clear().type('{n}-{i}@example.com');",
    "cy.wait('@{n}Request').its('response.statusCode').should('eq', 200);",
    "cy.contains('{N} saved').should('exist');",
    "cy.get('{s}').should('have.length.greaterThan', {i});",
    "cy.findByRole('button', {{ name: /{n}/i }}).click();",
    "cy.login(Cypress.env('E2E_USER'), Cypress.env('E2E_PASSWORD'));",
    "cy.get('{s}').within(() => {{\n      cy.contains('{N}').click();\n    }});",
    "cy.url().should('include', '/{p}/{n}s/');",
    "cy.fixture('{n}s.json').then(({n}s) => {{\n      cy.get('{s}').should('have.length', {n}s.length);\n    }});",
    "cy.get('{s}').invoke('text').should('match', /{n}-\\d+/);",
    "cy.request('{v}', `${{Cypress.env('API_URL')}}/{n}s/{i}`).its('status').should('eq', 200);",
    "cy.get('{s}').trigger('mouseover');",
    "cy.clock();\n    cy.tick({i}000);",
]

RUNNER_FRAMES = [
    "    at Context.<anonymous> (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at getRet (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at tryCatcher (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Promise.attempt.Promise.try (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Context.thenFn (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Context.then (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at wrapped (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Promise._settlePromiseFromHandler (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Promise._settlePromise (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at Async._drainQueue (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at retryQuery (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
    "    at onFailFn (https://app.example.com/__cypress/runner/cypress_runner.js:{a}:{b})",
]

FIRST_NAMES = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances"]
LAST_NAMES = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen"]


def iso(ms):
    """ISO 8601 UTC with milliseconds, like the API: 2023-09-19T06:25:24.661Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


class Gen:
    def __init__(self, args):
        self.a = args
        self.r = random.Random(args.seed)
        r = self.r
        self.ids = set()
        self.run_id = "".join(r.choice(HEX) for _ in range(16))
        self.project_id = self.rid(6)
        self.bucket = "".join(r.choice(HEX) for _ in range(24))
        self.created = 1715677953417 + r.randint(0, 10_000_000)   # 2024-05-14T09:12Z + jitter
        self.expires = self.created // 1000 + 7200 + r.randint(0, 3600)
        self.cypress_version = "13.6.4"
        author = (r.choice(FIRST_NAMES), r.choice(LAST_NAMES))
        self.commit = {
            "sha": "".join(r.choice(HEX) for _ in range(40)),
            "branch": "feature/checkout-%d-bulk-edit" % r.randint(100, 9999),
            "authorName": "%s %s" % author,
            "authorEmail": "%s.%s@example.com" % (author[0].lower(), author[1].lower()),
            "message": "feat(checkout): bulk edit for line items (#%d)\n" % r.randint(1000, 9999),
            "remoteOrigin": "https://github.com/example-org/storefront.git",
            "defaultBranch": "main",
        }
        self.tags = ["nightly", "e2e", "release-2.%d" % r.randint(1, 30)]
        self.ci_build_id = "storefront-e2e-%d-%d" % (r.randint(10000, 99999), r.randint(1, 3))

    # ---------- small random helpers -------------------------------------------------
    def rid(self, n):
        r = self.r
        while True:
            s = "".join(r.choices(ALNUM, k=n))
            if s not in self.ids:
                self.ids.add(s)
                return s

    def url(self, name, ext):
        sig = "".join(self.r.choices(SIG_ALPHABET, k=342))
        return ("https://fs.currents.dev/%s/%s.%s?Expires=%d&Key-Pair-Id=K1ZNDCCIZ3P4FU&Signature=%s__"
                % (self.bucket, name, ext, self.expires, sig))

    def fill(self, tmpl, ctx):
        return tmpl.format(**ctx)

    # ---------- content --------------------------------------------------------------
    def test_body(self, ctx, nlines):
        r = self.r
        lines = []
        for _ in range(nlines):
            c = dict(ctx)
            c["s"] = r.choice(SELECTORS).format(**ctx)
            c["v"] = r.choice(API_VERBS)
            c["i"] = r.randint(1, 99)
            lines.append("    " + r.choice(BODY_LINES).format(**c))
        return "() => {\n" + "\n".join(lines) + "\n  }"

    def error(self, ctx, spec, line):
        r = self.r
        sel = r.choice(SELECTORS).format(**ctx)
        kind = r.randrange(6)
        ansi = r.random() < P_ANSI
        red, green, reset = ("\u001b[31m", "\u001b[32m", "\u001b[39m") if ansi else ("", "", "")
        if kind == 0:
            name = "AssertionError"
            msg = ("Timed out retrying after 4000ms: expected %s'<%s>'%s to be %s'visible'%s\n\n"
                   "This element `<%s>` is not visible because its parent `<div.modal-body>` has "
                   "CSS property: `display: none`" % (red, sel, reset, green, reset, sel))
        elif kind == 1:
            name = "AssertionError"
            msg = ("Timed out retrying after 10000ms: Expected to find element: `%s`, "
                   "but never found it." % sel)
        elif kind == 2:
            name = "AssertionError"
            msg = "expected %s%d%s to equal %s200%s" % (red, r.choice([404, 409, 422, 500, 502]),
                                                       reset, green, reset)
        elif kind == 3:
            name = "CypressError"
            msg = ("Timed out retrying after 5000ms: `cy.wait()` timed out waiting `5000ms` for the "
                   "1st request to the route: `%sRequest`. No request ever occurred.\n\n"
                   "https://on.cypress.io/wait" % ctx["n"])
        elif kind == 4:
            name = "TypeError"
            msg = ("The following error originated from your application code, not from Cypress.\n\n"
                   "  > Cannot read properties of undefined (reading '%sId')\n\n"
                   "When Cypress detects uncaught errors originating from your application it will "
                   "automatically fail the current test.\n\nThis behavior is configurable, and you "
                   "can opt-out of this behavior by listening to the `uncaught:exception` event.\n\n"
                   "https://on.cypress.io/uncaught-exception-from-application" % ctx["n"])
        else:
            name = "CypressError"
            msg = ("Timed out retrying after 4000ms: `cy.click()` failed because this element:\n\n"
                   "`<button data-cy=\"submit\" class=\"btn btn-primary\">Save</button>`\n\n"
                   "is being covered by another element:\n\n`<div class=\"%sspinner-overlay%s\">...</div>`\n\n"
                   "Fix this problem, or use {force: true} to disable error checking.\n\n"
                   "https://on.cypress.io/element-cannot-be-interacted-with" % (red, reset))
        col = r.randint(8, 40)
        if self.a.long_text:
            msg += ("\n\nThe %s list was rendered %d times while the assertion was retried; the last "
                    "response of `%s` was %d bytes with %d rows (expected %d)."
                    % (ctx["n"], r.randint(2, 40), ctx["p"], r.randint(200, 90000), r.randint(0, 20), r.randint(21, 500)))
        frames = ["    at Context.eval (webpack://storefront/./%s:%d:%d)" % (spec, line, col)]
        for _ in range(r.randint(2, 6) + (r.randint(6, 12) if self.a.long_text else 0)):
            frames.append(r.choice(RUNNER_FRAMES).format(a=r.randint(100000, 180000), b=r.randint(5, 60)))
        stack = "\n".join(frames)
        lo = max(1, line - 3)
        fl = []
        for ln in range(lo, line + 4):
            txt = "cy.get('%s').should('be.visible');" % r.choice(SELECTORS).format(**ctx)
            if ln == line:
                fl.append("> %d |     %s" % (ln, txt))
                fl.append("  %s |     %s^" % (" " * len(str(ln)), " " * (col - 1)))
            else:
                fl.append("  %d |     %s" % (ln, txt))
        err = {
            "name": name,
            "message": msg,
            "stack": stack,
            "codeFrame": {
                "line": line,
                "column": col,
                "originalFile": spec,
                "relativeFile": spec,
                "absoluteFile": "/home/runner/work/storefront/storefront/" + spec,
                "frame": "\n".join(fl),
                "language": "ts",
            },
        }
        return err

    # ---------- one spec ---------------------------------------------------------------
    def spec_results(self, spec, start, test_count, instance_id):
        """Build results for one spec that starts executing at `start` (ms). Returns
        (instance results dict, run-level results dict, end ms)."""
        r = self.r
        spec_name = spec.rsplit("/", 1)[1]
        area = spec.split("/")[2]
        n = r.choice(NOUNS).replace(" ", "-")
        ctx = {"n": n, "N": n.capitalize(), "p": r.choice(PAGES)}
        suites_titles = []
        nsuites = max(1, min(test_count, r.randint(1, 3)))
        for k in range(nsuites):
            suites_titles.append("%s %s %s" % (area.replace("-", " ").title(), r.choice(ADJS), r.choice(NOUNS)))
        tests = []
        shots = []        # results.screenshots (with URLs)
        t = start + r.randint(150, 900)   # before hooks / page load
        counts = {"passes": 0, "failures": 0, "pending": 0, "skipped": 0, "flaky": 0}
        exception = None
        line = 4
        hook_fail_at = -1
        if r.random() < P_HOOK_FAIL_SPEC and test_count > 1:
            hook_fail_at = r.randrange(test_count - 1)
        if r.random() < P_EXCEPTION_SPEC:
            exception = ("Error: Webpack Compilation Error\n./%s\nModule not found: Error: Can't resolve "
                         "'../../support/pages/%s-page' in '/home/runner/work/storefront/storefront/%s'\n"
                         "resolve '../../support/pages/%s-page' in '/home/runner/work/storefront/storefront/%s'"
                         % (spec, n, spec.rsplit("/", 1)[0], n, spec.rsplit("/", 1)[0]))
            test_count = 1
        skipping = False
        for ti in range(test_count):
            test_id = "r%d" % (ti + 3)
            suite = suites_titles[min(nsuites - 1, ti * nsuites // test_count)]
            adj = r.choice(ADJS)
            title_it = "should %s %s %s %s" % (r.choice(VERBS), "an" if adj[0] in "aeiou" else "a", adj, r.choice(NOUNS))
            if r.random() < 0.5:
                title_it += " " + r.choice(OUTCOMES)
            title = [suite, title_it]
            if r.random() < 0.3:
                title = [suite, "when the %s is %s" % (r.choice(NOUNS), r.choice(ADJS)), title_it]
            if self.a.long_text:
                # A data-driven suite: describes per fixture, a case label on the `it`.
                nested = ["with the %s %s fixture loaded from fixtures/%s/%s-%d.json as a %s user"
                          % (r.choice(ADJS), r.choice(NOUNS), r.choice(PAGES), r.choice(NOUNS).replace(" ", "-"),
                             r.randint(1, 999), r.choice(ADJS))
                          for _ in range(r.randint(2, 4))]
                title = title[:1] + nested + title[1:-1] + [
                    "%s %s and %s, case %d of %d" % (title[-1], r.choice(OUTCOMES), r.choice(OUTCOMES), ti + 1, test_count)]
            line += r.randint(4, 14)
            if exception is not None:
                outcome = "exception"
                title = ["An uncaught error was detected outside of a test"]
            elif skipping:
                outcome = "skipped"
            elif ti == hook_fail_at:
                outcome = "hook"
            else:
                x = r.random()
                if x < P_FAILING:
                    outcome = "failed"
                elif x < P_FAILING + P_FLAKY:
                    outcome = "flaky"
                elif x < P_FAILING + P_FLAKY + P_PENDING:
                    outcome = "pending"
                else:
                    outcome = "passed"
            if outcome == "pending":
                counts["pending"] += 1
                tests.append({"testId": test_id, "title": title, "state": "pending", "body": "",
                              "displayError": None, "attempts": []})
                continue
            if outcome == "skipped":
                counts["skipped"] += 1
                body = self.test_body(ctx, r.randint(BODY_MIN, BODY_MAX))
                tests.append({"testId": test_id, "title": title, "state": "skipped", "body": body,
                              "displayError": None,
                              "attempts": [{"state": "skipped", "error": None,
                                            "wallClockStartedAt": None, "wallClockDuration": None,
                                            "videoTimestamp": None, "screenshots": []}]})
                continue
            body = self.test_body(ctx, r.randint(BODY_MIN, BODY_MAX))
            if outcome == "passed":
                states = ["passed"]
            elif outcome == "flaky":
                states = ["failed", "passed"]
            elif outcome == "exception":
                states = ["failed"]
            else:
                states = ["failed"] * (RETRIES + 1)
            if outcome == "hook":
                title = title[:-1] + ['"before each" hook for "%s"' % title[-1]]
            attempts = []
            err = None
            for ai, st in enumerate(states):
                t += r.randint(20, 250)
                if st == "passed":
                    dur = int(r.lognormvariate(6.8, 0.9)) + 40   # median ~1 s, long tail
                else:
                    dur = r.randint(4000, 10500)
                a_shots = []
                a_err = None
                if st == "failed":
                    if err is None or r.random() < 0.3:
                        err = self.error(ctx, spec, line)
                        if outcome == "hook":
                            err["message"] += ("\n\nBecause this error occurred during a `before each` hook "
                                               "we are skipping the remaining tests in the current suite: `%s`"
                                               % title[0])
                        elif outcome == "exception":
                            err["message"] = exception + "\n\nThis occurred while Cypress was compiling and bundling your test code."
                    a_err = err
                if st == "failed" or r.random() < P_MANUAL_SCREENSHOT:
                    sid = self.rid(21)
                    taken = t + dur - r.randint(150, 400)
                    shot = {"testAttemptIndex": ai, "size": r.randint(150000, 420000), "takenAt": iso(taken),
                            "dimensions": {"width": 2560, "height": 1440}, "multipart": False,
                            "specName": spec_name, "testFailure": st == "failed", "scaled": True,
                            "blackout": [], "duration": r.randint(150, 260), "testId": test_id,
                            "height": 1440, "width": 2560, "screenshotId": sid,
                            "name": "screenshot" if st == "failed" else "%s-%s" % (n, ai)}
                    a_shots.append(shot)
                    full = dict(shot)
                    full["screenshotURL"] = self.url(self.rid(12), "png")
                    shots.append(full)
                attempts.append({"state": st, "error": a_err,
                                 "wallClockStartedAt": iso(t), "wallClockDuration": dur,
                                 "videoTimestamp": t - start, "screenshots": a_shots})
                t += dur
            final = states[-1]
            display = None
            if final == "failed":
                counts["failures"] += 1
                display = "%s: %s\n%s" % (err["name"], err["message"], err["stack"])
            else:
                counts["passes"] += 1
                if len(states) > 1:
                    counts["flaky"] += 1
            tests.append({"testId": test_id, "title": title, "state": final, "body": body,
                          "displayError": display, "attempts": attempts})
            if outcome == "hook":
                skipping = True
        end = t + r.randint(50, 600)
        stats = {"suites": 0 if exception else nsuites, "tests": len(tests), "passes": counts["passes"],
                 "pending": counts["pending"], "skipped": counts["skipped"], "failures": counts["failures"],
                 "wallClockStartedAt": iso(start), "wallClockEndedAt": iso(end),
                 "wallClockDuration": end - start,
                 "startedAt": iso(start), "endedAt": iso(end), "duration": end - start}
        video = None
        if r.random() < P_VIDEO:
            video = self.url("%s_%s" % (instance_id, self.rid(12)), "mp4")
        inst_results = {"stats": stats, "tests": tests, "screenshots": shots, "videoUrl": video,
                        "exception": exception}
        run_results = {"stats": stats, "screenshots": shots, "exception": exception,
                       "flaky": counts["flaky"], "videoUrl": video}
        return inst_results, run_results, counts, end

    # ---------- whole run ----------------------------------------------------------------
    def generate(self, out, dump):
        a, r = self.a, self.r
        inst_dir = os.path.join(out, "instances")
        os.makedirs(inst_dir, exist_ok=True)
        groups = max(1, a.groups)
        files_per_group = -(-a.specs // groups)
        spec_paths = ["cypress/e2e/area-%02d/feature-%05d.cy.ts" % (i % 40, i) for i in range(files_per_group)]
        run_specs = []
        group_objs = []
        total_bytes = 0
        nfiles = 0
        last_completed = self.created
        any_failed = False
        remaining_machines = max(a.machines, groups)
        for g in range(groups):
            nspecs = a.specs // groups + (1 if g < a.specs % groups else 0)
            nmach = nspecs if a.own_machine else max(1, remaining_machines // (groups - g))
            remaining_machines -= nmach
            key, bname, bver = BROWSERS[g % len(BROWSERS)]
            group_id = "e2e-%s" % key if g < len(BROWSERS) else "e2e-%s-%d" % (key, g)
            platform = {"osName": "linux", "osVersion": "Ubuntu - 22.04", "browserName": bname,
                        "browserVersion": bver}
            g_created = self.created + (0 if g == 0 else r.randint(200, 9000))
            order = list(range(nspecs))
            r.shuffle(order)
            machines = [self.rid(12) for _ in range(nmach)]
            heap = [(g_created + r.randint(300, 60000), mi) for mi in range(nmach)]
            heapq.heapify(heap)
            gi = {"overall": nspecs, "claimed": 0, "complete": 0, "passes": 0, "failures": 0}
            gt = {"overall": 0, "passes": 0, "failures": 0, "pending": 0, "skipped": 0, "retries": 0, "flaky": 0}
            pos = 0
            tps = max(1, a.tests_per_spec)
            while pos < nspecs:
                free_at, mi = heapq.heappop(heap)
                batch = order[pos:pos + (1 if a.own_machine else r.randint(3, 8))]
                pos += len(batch)
                claim = free_at
                claims = []
                for _ in batch:
                    claim += r.randint(2, 40)
                    claims.append(claim)
                cur = claim + r.randint(100, 600)
                for si, claimed_at in zip(batch, claims):
                    spec = spec_paths[si]
                    instance_id = self.rid(12)
                    start = cur + r.randint(800, 4000)     # browser launch, bundling
                    ntests = r.randint(max(1, tps - tps // 2), tps + tps // 2)
                    inst_res, run_res, counts, end = self.spec_results(spec, start, ntests, instance_id)
                    completed = end + r.randint(200, 1500)   # result upload
                    cur = completed
                    last_completed = max(last_completed, completed)
                    st = inst_res["stats"]
                    gi["claimed"] += 1
                    gi["complete"] += 1
                    if st["failures"] > 0 or st["skipped"] > 0:
                        gi["failures"] += 1
                        any_failed = True
                    else:
                        gi["passes"] += 1
                    gt["overall"] += st["tests"]
                    gt["passes"] += st["passes"]
                    gt["failures"] += st["failures"]
                    gt["pending"] += st["pending"]
                    gt["skipped"] += st["skipped"]
                    gt["flaky"] += counts["flaky"]
                    gt["retries"] += counts["flaky"]
                    instance = {
                        "runId": self.run_id, "groupId": group_id, "projectId": self.project_id,
                        "instanceId": instance_id, "spec": spec, "cypressVersion": self.cypress_version,
                        "machineId": machines[mi], "commit": self.commit, "tags": self.tags,
                        "platform": platform, "createdAt": iso(self.created),
                        "claimedAt": iso(claimed_at), "completedAt": iso(completed),
                        "results": inst_res,
                    }
                    path = os.path.join(inst_dir, instance_id + ".json")
                    data = dump({"status": "OK", "data": instance}).encode("utf-8")
                    with open(path, "wb") as f:
                        f.write(data)
                    total_bytes += len(data)
                    nfiles += 1
                    run_specs.append({
                        "groupId": group_id, "spec": spec, "instanceId": instance_id,
                        "claimedAt": iso(claimed_at), "completedAt": iso(completed),
                        "machineId": machines[mi], "worker": None, "results": run_res,
                    })
                if not a.own_machine:
                    heapq.heappush(heap, (cur, mi))
            group_objs.append({"groupId": group_id, "platform": platform, "createdAt": iso(g_created),
                               "instances": gi, "tests": gt})
        run = {
            "runId": self.run_id,
            "projectId": self.project_id,
            "createdAt": iso(self.created),
            "tags": self.tags,
            "cypressVersion": self.cypress_version,
            "cancellation": None,
            "timeout": {"isTimeout": False},
            "durationMs": last_completed - self.created,
            "groups": group_objs,
            "meta": {
                "ciBuildId": self.ci_build_id,
                "commit": self.commit,
                "platform": group_objs[0]["platform"] if group_objs else None,
            },
            "specs": run_specs,
            "completionState": "COMPLETE",
            "status": "FAILED" if any_failed else "PASSED",
        }
        data = dump({"status": "OK", "data": run}).encode("utf-8")
        with open(os.path.join(out, "run.json"), "wb") as f:
            f.write(data)
        total_bytes += len(data)
        nfiles += 1
        return total_bytes, nfiles, group_objs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output directory (gets run.json and instances/)")
    ap.add_argument("--specs", type=int, default=20000, help="number of spec executions (instances)")
    ap.add_argument("--machines", type=int, default=200, help="number of CI machines (split over groups)")
    ap.add_argument("--tests-per-spec", type=int, default=10, help="mean tests per spec (uniform ±50%%)")
    ap.add_argument("--groups", type=int, default=2, help="number of groups (browsers)")
    ap.add_argument("--own-machine", action="store_true",
                    help="every spec on its own machine: one claim per machine, none reused (ignores --machines)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--indent", type=int, default=None,
                    help="pretty-print with this indent (default: compact, like a curl of the API)")
    ap.add_argument("--long-text", action="store_true",
                    help="deeper test titles and longer error messages and stacks")
    ap.add_argument("--shape", choices=["test-dense"],
                    help="test-dense: --specs 200 --machines 20 --tests-per-spec 1000 --long-text "
                         "(options given explicitly still win)")
    ap.add_argument("--force", action="store_true",
                    help="replace an existing bundle in OUT (removes OUT/run.json and OUT/instances/*.json)")
    a = ap.parse_args()
    if a.shape == "test-dense":
        # Fill in only what the command line did not give.
        given = set(arg.split("=")[0] for arg in sys.argv[1:])
        for opt, attr, value in (("--specs", "specs", 200), ("--machines", "machines", 20),
                                 ("--tests-per-spec", "tests_per_spec", 1000)):
            if opt not in given:
                setattr(a, attr, value)
        a.long_text = True
    if a.specs < 1 or a.machines < 1 or a.groups < 1 or a.tests_per_spec < 1:
        ap.error("--specs, --machines, --groups and --tests-per-spec must be >= 1")
    if a.groups > a.specs:
        ap.error("--groups must not exceed --specs")

    out = a.out
    inst_dir = os.path.join(out, "instances")
    existing = os.path.exists(os.path.join(out, "run.json")) or (
        os.path.isdir(inst_dir) and any(n.endswith(".json") for n in os.listdir(inst_dir)))
    if existing:
        if not a.force:
            sys.exit("generate.py: %s already holds a bundle; use --force to replace it" % out)
        if os.path.exists(os.path.join(out, "run.json")):
            os.remove(os.path.join(out, "run.json"))
        if os.path.isdir(inst_dir):
            for n in os.listdir(inst_dir):
                if n.endswith(".json"):
                    os.remove(os.path.join(inst_dir, n))

    if a.indent is None:
        enc = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
    else:
        enc = json.JSONEncoder(indent=a.indent, ensure_ascii=False)
    t0 = time.perf_counter()
    total, nfiles, groups = Gen(a).generate(out, enc.encode)
    dt = time.perf_counter() - t0
    tests = sum(g["tests"]["overall"] for g in groups)
    print("generated %s: %d files, %d bytes (%.1f MB), %d specs, %d tests, in %.1f s"
          % (out, nfiles, total, total / 1e6, a.specs, tests, dt))


if __name__ == "__main__":
    main()
