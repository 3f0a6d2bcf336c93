/// The wire model read by ``FastJSONReader``: the same fields as the `Decodable` initialisers in
/// `Wire.swift`, from the same keys, with the same strict fields. Anything those initialisers
/// would warn about or refuse declines here instead, so that they (the exact decoder) handle it.
/// Each reader switches over its type's `Keys` exhaustively, so a key added to `Wire.swift` does
/// not compile until it is read here too (and the differential test checks how).
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
        var fields = try FastFields<Keys>(&r)
        var runId: String?
        var groups: [Wire.Group]?
        var specs: [Wire.Spec]?
        var status: String?
        var completionState: String?
        while let key = try fields.next(&r) {
            switch key {
            case .runId: runId = try r.requiredString()
            case .projectId: projectId = try r.string()
            case .createdAt: createdAt = try r.timestamp()
            case .tags: tags = try r.strings()
            case .cypressVersion: cypressVersion = try r.string()
            case .status: status = try r.string()
            case .completionState: completionState = try r.string()
            case .cancellation: cancellation = try r.object(Wire.Cancellation.init(fast:))
            case .timeout: timeout = try r.object(Wire.Timeout.init(fast:))
            case .groups: groups = try r.objects(Wire.Group.init(fast:))
            case .meta: meta = try r.object(Wire.Meta.init(fast:))
            case .specs: specs = try r.objects(Wire.Spec.init(fast:))
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
        var fields = try FastFields<Keys>(&r)
        var actor: String?
        var cancelledBy: String?
        var canceledAt: Timestamp?
        var cancelledAt: Timestamp?
        while let key = try fields.next(&r) {
            switch key {
            case .actor: actor = try r.string()
            case .cancelledBy: cancelledBy = try r.string()
            case .canceledAt: canceledAt = try r.timestamp()
            case .cancelledAt: cancelledAt = try r.timestamp()
            case .reason: reason = try r.string()
            }
        }
        self.actor = actor ?? cancelledBy
        self.canceledAt = canceledAt ?? cancelledAt
    }
}

extension Wire.Timeout {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .isTimeout: isTimeout = try r.bool()
            case .timeoutValueMs: timeoutValueMs = try r.int()
            }
        }
    }
}

extension Wire.Platform {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .osName: osName = try r.string()
            case .osVersion: osVersion = try r.string()
            case .browserName: browserName = try r.string()
            case .browserVersion: browserVersion = try r.string()
            }
        }
    }
}

extension Wire.InstanceCounters {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .overall: overall = try r.int()
            case .claimed: claimed = try r.int()
            case .complete: complete = try r.int()
            case .passes: passes = try r.int()
            case .failures: failures = try r.int()
            }
        }
    }
}

extension Wire.TestCounters {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .overall: overall = try r.int()
            case .passes: passes = try r.int()
            case .failures: failures = try r.int()
            case .pending: pending = try r.int()
            case .skipped: skipped = try r.int()
            case .retries: retries = try r.int()
            case .flaky: flaky = try r.int()
            }
        }
    }
}

extension Wire.Group {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .groupId: groupId = try r.string()
            case .platform: platform = try r.object(Wire.Platform.init(fast:))
            case .instances: instances = try r.object(Wire.InstanceCounters.init(fast:))
            case .tests: tests = try r.object(Wire.TestCounters.init(fast:))
            }
        }
    }
}

extension Wire.Commit {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .sha: sha = try r.string()
            case .branch: branch = try r.string()
            case .authorName: authorName = try r.string()
            case .authorEmail: authorEmail = try r.string()
            case .message: message = try r.string()
            case .remoteOrigin: remoteOrigin = try r.string()
            case .defaultBranch: defaultBranch = try r.string()
            }
        }
    }
}

extension Wire.Meta {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .ciBuildId: ciBuildId = try r.string()
            case .commit: commit = try r.object(Wire.Commit.init(fast:))
            }
        }
    }
}

extension Wire.Stats {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .tests: tests = try r.int()
            case .passes: passes = try r.int()
            case .pending: pending = try r.int()
            case .skipped: skipped = try r.int()
            case .failures: failures = try r.int()
            case .flaky: flaky = try r.int()
            case .wallClockDuration: wallClockDuration = try r.int()
            case .wallClockStartedAt: wallClockStartedAt = try r.timestamp()
            }
        }
    }
}

extension Wire.SpecResults {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .stats: stats = try r.object(Wire.Stats.init(fast:))
            case .flaky: flaky = try r.int()
            case .exception: exception = try r.string()
            case .screenshots: screenshots = try r.objects(Wire.Screenshot.init(fast:))
            case .videoUrl: videoUrl = try r.string()
            }
        }
    }
}

extension Wire.Spec {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        var spec: String?
        while let key = try fields.next(&r) {
            switch key {
            case .spec: spec = try r.requiredString()
            case .groupId: groupId = try r.string()
            case .instanceId: instanceId = try r.string()
            case .claimedAt: claimedAt = try r.timestamp()
            case .completedAt: completedAt = try r.timestamp()
            case .machineId: machineId = try r.string()
            case .results: results = try r.object(Wire.SpecResults.init(fast:))
            }
        }
        guard let spec else { throw FastReadDeclined(reason: "spec without its path") }
        self.spec = spec
    }
}

extension Wire.Instance: FastReadable {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .runId: runId = try r.string()
            case .groupId: groupId = try r.string()
            case .instanceId: instanceId = try r.string()
            case .spec: spec = try r.string()
            case .machineId: machineId = try r.string()
            case .results: results = try r.object(Wire.InstanceResults.init(fast:))
            }
        }
    }
}

extension Wire.InstanceResults {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .stats: stats = try r.object(Wire.Stats.init(fast:))
            case .tests: tests = try r.objects(Wire.Test.init(fast:))
            case .exception: exception = try r.string()
            case .flaky: flaky = try r.int()
            case .screenshots: screenshots = try r.objects(Wire.Screenshot.init(fast:))
            case .videoUrl: videoUrl = try r.string()
            case .attachments: attachments = try r.objects(Wire.Attachment.init(fast:))
            }
        }
    }
}

extension Wire.Screenshot {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .screenshotId: screenshotId = try r.string()
            case .name: name = try r.string()
            case .testId: testId = try r.string()
            case .testAttemptIndex: testAttemptIndex = try r.int()
            case .screenshotURL: screenshotURL = try r.string()
            }
        }
    }
}

extension Wire.Attachment {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .testId: testId = try r.string()
            case .name: name = try r.string()
            case .filename: filename = try r.string()
            case .contentType: contentType = try r.string()
            case .testAttemptIndex: testAttemptIndex = try r.int()
            case .readUrl: readUrl = try r.string()
            }
        }
    }
}

extension Wire.Test {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        var state: String?
        while let key = try fields.next(&r) {
            switch key {
            case .testId: testId = try r.string()
            case .title: title = try r.strings()
            case .state: state = try r.string()
            case .displayError: displayError = try r.string()
            case .body: body = try r.string()
            case .attempts: attempts = try r.objects(Wire.Attempt.init(fast:))
            }
        }
        self.state = state.map(TestState.init(reading:))
    }
}

extension Wire.Attempt {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        var state: String?
        while let key = try fields.next(&r) {
            switch key {
            case .state: state = try r.string()
            case .error: error = try r.object(Wire.AttemptError.init(fast:))
            case .wallClockStartedAt: wallClockStartedAt = try r.timestamp()
            case .wallClockDuration: wallClockDuration = try r.int()
            case .videoTimestamp: videoTimestamp = try r.int()
            case .screenshots: screenshots = try r.objects(Wire.Screenshot.init(fast:))
            }
        }
        self.state = state.map(TestState.init(reading:))
    }
}

extension Wire.AttemptError {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .name: name = try r.string()
            case .message: message = try r.string()
            case .stack: stack = try r.string()
            case .codeFrame: codeFrame = try r.object(Wire.CodeFrame.init(fast:))
            }
        }
    }
}

extension Wire.CodeFrame {
    init(fast r: inout FastJSONReader) throws(FastReadDeclined) {
        var fields = try FastFields<Keys>(&r)
        while let key = try fields.next(&r) {
            switch key {
            case .frame: frame = try r.string()
            case .line: line = try r.int()
            case .column: column = try r.int()
            case .originalFile: originalFile = try r.string()
            }
        }
    }
}

// The names of each type's keys, made once.
extension Wire.Run.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Cancellation.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Timeout.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Platform.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.InstanceCounters.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.TestCounters.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Group.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Commit.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Meta.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Stats.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.SpecResults.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Spec.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Instance.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.InstanceResults.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Screenshot.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Attachment.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Test.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.Attempt.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.AttemptError.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
extension Wire.CodeFrame.Keys: FastKeys { static let fastTable = FastKeyTable<Self>() }
