/// The wire model read by ``FastJSONReader``: the same fields as the `Decodable` initialisers in
/// `Wire.swift`, from the same keys, with the same strict fields. Anything those initialisers
/// would warn about or refuse declines here instead, so that they (the exact decoder) handle it.
/// A field added to `Wire.swift` must be added here too, or the differential test fails.
protocol FastReadable {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined)
}

enum FastWireDecoder {
    /// Reads one saved response, unwrapped from `{status, data}` like ``Document``.
    static func decode<T: FastReadable>(_ type: T.Type, _ bytes: [UInt8]) throws(FastReadDeclined) -> T {
        let result: Result<T, FastReadDeclined> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(FastReadDeclined) -> T in
                var r = try FastJSONReader(buffer)
                guard r.peek() == 0x7B else { throw FastReadDeclined(reason: "top level not an object") }
                let top = r.offset
                try r.enterObject()
                var payload: T?
                var sawData = false
                var sawError = false
                var sawRunId = false
                var first = true
                while let key = try r.nextKey(&first) {
                    if r.key(key, is: "data") {
                        guard !sawData, r.peek() == 0x7B else { throw FastReadDeclined(reason: "envelope data") }
                        sawData = true
                        payload = try T(fast: &r)
                    } else {
                        if r.key(key, is: "error") { sawError = true }
                        if r.key(key, is: "runId") { sawRunId = true }
                        try r.skipValue()
                    }
                }
                try r.end()
                if let payload { return payload }
                guard !sawError || sawRunId else { throw FastReadDeclined(reason: "error envelope") }
                // No envelope: the object itself is the payload.
                r.rewind(to: top)
                let unwrapped = try T(fast: &r)
                try r.end()
                return unwrapped
            }
        }
        return try result.get()
    }
}

extension Wire.Run: FastReadable {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        var runId: String?
        var groups: [Wire.Group]?
        var specs: [Wire.Spec]?
        var status: String?
        var completionState: String?
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "runId") {
                try seen.insert(0)
                runId = try r.requiredString()
            } else if r.key(key, is: "projectId") {
                try seen.insert(1)
                projectId = try r.string()
            } else if r.key(key, is: "createdAt") {
                try seen.insert(2)
                createdAt = try r.timestamp()
            } else if r.key(key, is: "tags") {
                try seen.insert(3)
                tags = try r.strings()
            } else if r.key(key, is: "cypressVersion") {
                try seen.insert(4)
                cypressVersion = try r.string()
            } else if r.key(key, is: "status") {
                try seen.insert(5)
                status = try r.string()
            } else if r.key(key, is: "completionState") {
                try seen.insert(6)
                completionState = try r.string()
            } else if r.key(key, is: "cancellation") {
                try seen.insert(7)
                cancellation = try r.object(Wire.Cancellation.init(fast:))
            } else if r.key(key, is: "timeout") {
                try seen.insert(8)
                timeout = try r.object(Wire.Timeout.init(fast:))
            } else if r.key(key, is: "groups") {
                try seen.insert(9)
                groups = try r.objects(Wire.Group.init(fast:))
            } else if r.key(key, is: "meta") {
                try seen.insert(10)
                meta = try r.object(Wire.Meta.init(fast:))
            } else if r.key(key, is: "specs") {
                try seen.insert(11)
                specs = try r.objects(Wire.Spec.init(fast:))
            } else {
                try r.skipValue()
            }
        }
        guard let runId, let specs else { throw FastReadDeclined(reason: "run without runId or specs") }
        self.runId = runId
        self.groups = groups ?? []
        self.specs = specs
        self.status = status.map(RunStatus.init(reading:))
        self.completionState = completionState.map(CompletionState.init(reading:))
    }
}

extension Wire.Cancellation {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        var actor: String?
        var cancelledBy: String?
        var canceledAt: Timestamp?
        var cancelledAt: Timestamp?
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "actor") {
                try seen.insert(0)
                actor = try r.string()
            } else if r.key(key, is: "cancelledBy") {
                try seen.insert(1)
                cancelledBy = try r.string()
            } else if r.key(key, is: "canceledAt") {
                try seen.insert(2)
                canceledAt = try r.timestamp()
            } else if r.key(key, is: "cancelledAt") {
                try seen.insert(3)
                cancelledAt = try r.timestamp()
            } else if r.key(key, is: "reason") {
                try seen.insert(4)
                reason = try r.string()
            } else {
                try r.skipValue()
            }
        }
        self.actor = actor ?? cancelledBy
        self.canceledAt = canceledAt ?? cancelledAt
    }
}

extension Wire.Timeout {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "isTimeout") {
                try seen.insert(0)
                isTimeout = try r.bool()
            } else if r.key(key, is: "timeoutValueMs") {
                try seen.insert(1)
                timeoutValueMs = try r.int()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Platform {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "osName") {
                try seen.insert(0)
                osName = try r.string()
            } else if r.key(key, is: "osVersion") {
                try seen.insert(1)
                osVersion = try r.string()
            } else if r.key(key, is: "browserName") {
                try seen.insert(2)
                browserName = try r.string()
            } else if r.key(key, is: "browserVersion") {
                try seen.insert(3)
                browserVersion = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.InstanceCounters {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "overall") {
                try seen.insert(0)
                overall = try r.int()
            } else if r.key(key, is: "claimed") {
                try seen.insert(1)
                claimed = try r.int()
            } else if r.key(key, is: "complete") {
                try seen.insert(2)
                complete = try r.int()
            } else if r.key(key, is: "passes") {
                try seen.insert(3)
                passes = try r.int()
            } else if r.key(key, is: "failures") {
                try seen.insert(4)
                failures = try r.int()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.TestCounters {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "overall") {
                try seen.insert(0)
                overall = try r.int()
            } else if r.key(key, is: "passes") {
                try seen.insert(1)
                passes = try r.int()
            } else if r.key(key, is: "failures") {
                try seen.insert(2)
                failures = try r.int()
            } else if r.key(key, is: "pending") {
                try seen.insert(3)
                pending = try r.int()
            } else if r.key(key, is: "skipped") {
                try seen.insert(4)
                skipped = try r.int()
            } else if r.key(key, is: "retries") {
                try seen.insert(5)
                retries = try r.int()
            } else if r.key(key, is: "flaky") {
                try seen.insert(6)
                flaky = try r.int()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Group {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "groupId") {
                try seen.insert(0)
                groupId = try r.string()
            } else if r.key(key, is: "platform") {
                try seen.insert(1)
                platform = try r.object(Wire.Platform.init(fast:))
            } else if r.key(key, is: "instances") {
                try seen.insert(2)
                instances = try r.object(Wire.InstanceCounters.init(fast:))
            } else if r.key(key, is: "tests") {
                try seen.insert(3)
                tests = try r.object(Wire.TestCounters.init(fast:))
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Commit {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "sha") {
                try seen.insert(0)
                sha = try r.string()
            } else if r.key(key, is: "branch") {
                try seen.insert(1)
                branch = try r.string()
            } else if r.key(key, is: "authorName") {
                try seen.insert(2)
                authorName = try r.string()
            } else if r.key(key, is: "authorEmail") {
                try seen.insert(3)
                authorEmail = try r.string()
            } else if r.key(key, is: "message") {
                try seen.insert(4)
                message = try r.string()
            } else if r.key(key, is: "remoteOrigin") {
                try seen.insert(5)
                remoteOrigin = try r.string()
            } else if r.key(key, is: "defaultBranch") {
                try seen.insert(6)
                defaultBranch = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Meta {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "ciBuildId") {
                try seen.insert(0)
                ciBuildId = try r.string()
            } else if r.key(key, is: "commit") {
                try seen.insert(1)
                commit = try r.object(Wire.Commit.init(fast:))
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Stats {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "tests") {
                try seen.insert(0)
                tests = try r.int()
            } else if r.key(key, is: "passes") {
                try seen.insert(1)
                passes = try r.int()
            } else if r.key(key, is: "pending") {
                try seen.insert(2)
                pending = try r.int()
            } else if r.key(key, is: "skipped") {
                try seen.insert(3)
                skipped = try r.int()
            } else if r.key(key, is: "failures") {
                try seen.insert(4)
                failures = try r.int()
            } else if r.key(key, is: "flaky") {
                try seen.insert(5)
                flaky = try r.int()
            } else if r.key(key, is: "wallClockDuration") {
                try seen.insert(6)
                wallClockDuration = try r.int()
            } else if r.key(key, is: "wallClockStartedAt") {
                try seen.insert(7)
                wallClockStartedAt = try r.timestamp()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.SpecResults {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "stats") {
                try seen.insert(0)
                stats = try r.object(Wire.Stats.init(fast:))
            } else if r.key(key, is: "flaky") {
                try seen.insert(1)
                flaky = try r.int()
            } else if r.key(key, is: "exception") {
                try seen.insert(2)
                exception = try r.string()
            } else if r.key(key, is: "screenshots") {
                try seen.insert(3)
                screenshots = try r.objects(Wire.Screenshot.init(fast:))
            } else if r.key(key, is: "videoUrl") {
                try seen.insert(4)
                videoUrl = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Spec {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        var spec: String?
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "spec") {
                try seen.insert(0)
                spec = try r.requiredString()
            } else if r.key(key, is: "groupId") {
                try seen.insert(1)
                groupId = try r.string()
            } else if r.key(key, is: "instanceId") {
                try seen.insert(2)
                instanceId = try r.string()
            } else if r.key(key, is: "claimedAt") {
                try seen.insert(3)
                claimedAt = try r.timestamp()
            } else if r.key(key, is: "completedAt") {
                try seen.insert(4)
                completedAt = try r.timestamp()
            } else if r.key(key, is: "machineId") {
                try seen.insert(5)
                machineId = try r.string()
            } else if r.key(key, is: "results") {
                try seen.insert(6)
                results = try r.object(Wire.SpecResults.init(fast:))
            } else {
                try r.skipValue()
            }
        }
        guard let spec else { throw FastReadDeclined(reason: "spec without its path") }
        self.spec = spec
    }
}

extension Wire.Instance: FastReadable {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "runId") {
                try seen.insert(0)
                runId = try r.string()
            } else if r.key(key, is: "groupId") {
                try seen.insert(1)
                groupId = try r.string()
            } else if r.key(key, is: "instanceId") {
                try seen.insert(2)
                instanceId = try r.string()
            } else if r.key(key, is: "spec") {
                try seen.insert(3)
                spec = try r.string()
            } else if r.key(key, is: "machineId") {
                try seen.insert(4)
                machineId = try r.string()
            } else if r.key(key, is: "results") {
                try seen.insert(5)
                results = try r.object(Wire.InstanceResults.init(fast:))
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.InstanceResults {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "stats") {
                try seen.insert(0)
                stats = try r.object(Wire.Stats.init(fast:))
            } else if r.key(key, is: "tests") {
                try seen.insert(1)
                tests = try r.objects(Wire.Test.init(fast:))
            } else if r.key(key, is: "exception") {
                try seen.insert(2)
                exception = try r.string()
            } else if r.key(key, is: "flaky") {
                try seen.insert(3)
                flaky = try r.int()
            } else if r.key(key, is: "screenshots") {
                try seen.insert(4)
                screenshots = try r.objects(Wire.Screenshot.init(fast:))
            } else if r.key(key, is: "videoUrl") {
                try seen.insert(5)
                videoUrl = try r.string()
            } else if r.key(key, is: "attachments") {
                try seen.insert(6)
                attachments = try r.objects(Wire.Attachment.init(fast:))
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Screenshot {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "screenshotId") {
                try seen.insert(0)
                screenshotId = try r.string()
            } else if r.key(key, is: "name") {
                try seen.insert(1)
                name = try r.string()
            } else if r.key(key, is: "testId") {
                try seen.insert(2)
                testId = try r.string()
            } else if r.key(key, is: "testAttemptIndex") {
                try seen.insert(3)
                testAttemptIndex = try r.int()
            } else if r.key(key, is: "screenshotURL") {
                try seen.insert(4)
                screenshotURL = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Attachment {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "testId") {
                try seen.insert(0)
                testId = try r.string()
            } else if r.key(key, is: "name") {
                try seen.insert(1)
                name = try r.string()
            } else if r.key(key, is: "filename") {
                try seen.insert(2)
                filename = try r.string()
            } else if r.key(key, is: "contentType") {
                try seen.insert(3)
                contentType = try r.string()
            } else if r.key(key, is: "testAttemptIndex") {
                try seen.insert(4)
                testAttemptIndex = try r.int()
            } else if r.key(key, is: "readUrl") {
                try seen.insert(5)
                readUrl = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.Test {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        var state: String?
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "testId") {
                try seen.insert(0)
                testId = try r.string()
            } else if r.key(key, is: "title") {
                try seen.insert(1)
                title = try r.strings()
            } else if r.key(key, is: "state") {
                try seen.insert(2)
                state = try r.string()
            } else if r.key(key, is: "displayError") {
                try seen.insert(3)
                displayError = try r.string()
            } else if r.key(key, is: "body") {
                try seen.insert(4)
                body = try r.string()
            } else if r.key(key, is: "attempts") {
                try seen.insert(5)
                attempts = try r.objects(Wire.Attempt.init(fast:))
            } else {
                try r.skipValue()
            }
        }
        self.state = state.map(TestState.init(reading:))
    }
}

extension Wire.Attempt {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        var state: String?
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "state") {
                try seen.insert(0)
                state = try r.string()
            } else if r.key(key, is: "error") {
                try seen.insert(1)
                error = try r.object(Wire.AttemptError.init(fast:))
            } else if r.key(key, is: "wallClockStartedAt") {
                try seen.insert(2)
                wallClockStartedAt = try r.timestamp()
            } else if r.key(key, is: "wallClockDuration") {
                try seen.insert(3)
                wallClockDuration = try r.int()
            } else if r.key(key, is: "videoTimestamp") {
                try seen.insert(4)
                videoTimestamp = try r.int()
            } else if r.key(key, is: "screenshots") {
                try seen.insert(5)
                screenshots = try r.objects(Wire.Screenshot.init(fast:))
            } else {
                try r.skipValue()
            }
        }
        self.state = state.map(TestState.init(reading:))
    }
}

extension Wire.AttemptError {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "name") {
                try seen.insert(0)
                name = try r.string()
            } else if r.key(key, is: "message") {
                try seen.insert(1)
                message = try r.string()
            } else if r.key(key, is: "stack") {
                try seen.insert(2)
                stack = try r.string()
            } else if r.key(key, is: "codeFrame") {
                try seen.insert(3)
                codeFrame = try r.object(Wire.CodeFrame.init(fast:))
            } else {
                try r.skipValue()
            }
        }
    }
}

extension Wire.CodeFrame {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
        var seen = SeenKeys()
        var first = true
        while let key = try r.nextKey(&first) {
            if r.key(key, is: "frame") {
                try seen.insert(0)
                frame = try r.string()
            } else if r.key(key, is: "line") {
                try seen.insert(1)
                line = try r.int()
            } else if r.key(key, is: "column") {
                try seen.insert(2)
                column = try r.int()
            } else if r.key(key, is: "originalFile") {
                try seen.insert(3)
                originalFile = try r.string()
            } else {
                try r.skipValue()
            }
        }
    }
}
