/// The wire model: the JSON of the Currents API as it arrives, every field
/// optional but the run's `runId` and each spec's `spec` path. Decoding is lenient where the API is
/// (unknown fields ignored, wrong types become missing with a warning) and strict only where a run
/// cannot be understood without the field.
enum Wire {
    struct Run: Decodable {
        var runId: String
        var projectId: String?
        var createdAt: Timestamp?
        var tags: [String]?
        var cypressVersion: String?
        var status: RunStatus?
        var completionState: CompletionState?
        var cancellation: Cancellation?
        var timeout: Timeout?
        var groups: [Group]
        var meta: Meta?
        var specs: [Spec]

        enum Keys: String, CodingKey, CaseIterable {
            case runId, projectId, createdAt, tags, cypressVersion, status, completionState
            case cancellation, timeout, groups, meta, specs
        }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            let c = f.container
            runId = try Wire.strictString(c, .runId)
            projectId = f.string(.projectId)
            createdAt = f.timestamp(.createdAt)
            tags = f.strings(.tags)
            cypressVersion = f.string(.cypressVersion)
            status = f.string(.status).map(RunStatus.init(reading:))
            completionState = f.string(.completionState).map(CompletionState.init(reading:))
            cancellation = f.object(Cancellation.self, .cancellation)
            timeout = f.object(Timeout.self, .timeout)
            groups = f.array(Group.self, .groups, element: "a group object") ?? []
            meta = f.object(Meta.self, .meta)
            specs = try Wire.strictSpecs(c)
        }
    }

    struct Cancellation: Decodable {
        var actor: String?
        var canceledAt: Timestamp?
        var reason: String?

        enum Keys: String, CodingKey, CaseIterable { case actor, cancelledBy, canceledAt, cancelledAt, reason }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            actor = f.string(.actor) ?? f.string(.cancelledBy)
            canceledAt = f.timestamp(.canceledAt) ?? f.timestamp(.cancelledAt)
            reason = f.string(.reason)
        }
    }

    struct Timeout: Decodable {
        var isTimeout: Bool?
        var timeoutValueMs: Int?

        enum Keys: String, CodingKey, CaseIterable { case isTimeout, timeoutValueMs }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            isTimeout = f.bool(.isTimeout)
            timeoutValueMs = f.int(.timeoutValueMs)
        }
    }

    struct Platform: Decodable {
        var osName: String?
        var osVersion: String?
        var browserName: String?
        var browserVersion: String?

        enum Keys: String, CodingKey, CaseIterable { case osName, osVersion, browserName, browserVersion }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            osName = f.string(.osName)
            osVersion = f.string(.osVersion)
            browserName = f.string(.browserName)
            browserVersion = f.string(.browserVersion)
        }
    }

    struct InstanceCounters: Decodable {
        var overall, claimed, complete, passes, failures: Int?

        enum Keys: String, CodingKey, CaseIterable { case overall, claimed, complete, passes, failures }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            overall = f.int(.overall)
            claimed = f.int(.claimed)
            complete = f.int(.complete)
            passes = f.int(.passes)
            failures = f.int(.failures)
        }
    }

    struct TestCounters: Decodable {
        var overall, passes, failures, pending, skipped, retries, flaky: Int?

        enum Keys: String, CodingKey, CaseIterable { case overall, passes, failures, pending, skipped, retries, flaky }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            overall = f.int(.overall)
            passes = f.int(.passes)
            failures = f.int(.failures)
            pending = f.int(.pending)
            skipped = f.int(.skipped)
            retries = f.int(.retries)
            flaky = f.int(.flaky)
        }
    }

    struct Group: Decodable {
        var groupId: String?
        var platform: Platform?
        var instances: InstanceCounters?
        var tests: TestCounters?

        enum Keys: String, CodingKey, CaseIterable { case groupId, platform, instances, tests }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            groupId = f.string(.groupId)
            platform = f.object(Platform.self, .platform)
            instances = f.object(InstanceCounters.self, .instances)
            tests = f.object(TestCounters.self, .tests)
        }
    }

    struct Commit: Decodable {
        var sha, branch, authorName, authorEmail, message, remoteOrigin, defaultBranch: String?

        enum Keys: String, CodingKey, CaseIterable { case sha, branch, authorName, authorEmail, message, remoteOrigin, defaultBranch }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            sha = f.string(.sha)
            branch = f.string(.branch)
            authorName = f.string(.authorName)
            authorEmail = f.string(.authorEmail)
            message = f.string(.message)
            remoteOrigin = f.string(.remoteOrigin)
            defaultBranch = f.string(.defaultBranch)
        }
    }

    struct Meta: Decodable {
        var ciBuildId: String?
        var commit: Commit?

        enum Keys: String, CodingKey, CaseIterable { case ciBuildId, commit }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            ciBuildId = f.string(.ciBuildId)
            commit = f.object(Commit.self, .commit)
        }
    }

    struct Stats: Decodable {
        var tests, passes, pending, skipped, failures, flaky: Int?
        var wallClockDuration: Int?
        var wallClockStartedAt: Timestamp?

        enum Keys: String, CodingKey, CaseIterable {
            case tests, passes, pending, skipped, failures, flaky, wallClockDuration, wallClockStartedAt
        }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            tests = f.int(.tests)
            passes = f.int(.passes)
            pending = f.int(.pending)
            skipped = f.int(.skipped)
            failures = f.int(.failures)
            flaky = f.int(.flaky)
            wallClockDuration = f.int(.wallClockDuration)
            wallClockStartedAt = f.timestamp(.wallClockStartedAt)
        }
    }

    /// A spec's `results` in the run.
    struct SpecResults: Decodable {
        var stats: Stats?
        var flaky: Int?
        var exception: String?
        /// The spec's screenshots and video as the run lists them (`docs/metrics.md` §14).
        var screenshots: [Screenshot]?
        var videoUrl: String?

        enum Keys: String, CodingKey, CaseIterable { case stats, flaky, exception, screenshots, videoUrl }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            stats = f.object(Stats.self, .stats)
            flaky = f.int(.flaky)
            exception = f.string(.exception)
            screenshots = f.array(Screenshot.self, .screenshots, element: "a screenshot object")
            videoUrl = f.string(.videoUrl)
        }
    }

    struct Spec: Decodable {
        var groupId: String?
        var spec: String
        var instanceId: String?
        var claimedAt: Timestamp?
        var completedAt: Timestamp?
        var machineId: String?
        var results: SpecResults?

        enum Keys: String, CodingKey, CaseIterable { case groupId, spec, instanceId, claimedAt, completedAt, machineId, results }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            spec = try Wire.strictString(f.container, .spec)
            groupId = f.string(.groupId)
            instanceId = f.string(.instanceId)
            claimedAt = f.timestamp(.claimedAt)
            completedAt = f.timestamp(.completedAt)
            machineId = f.string(.machineId)
            results = f.object(SpecResults.self, .results)
        }
    }

    // MARK: Instances

    struct Instance: Decodable {
        var runId: String?
        var groupId: String?
        var instanceId: String?
        var spec: String?
        var machineId: String?
        var results: InstanceResults?

        enum Keys: String, CodingKey, CaseIterable { case runId, groupId, instanceId, spec, machineId, results }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            runId = f.string(.runId)
            groupId = f.string(.groupId)
            instanceId = f.string(.instanceId)
            spec = f.string(.spec)
            machineId = f.string(.machineId)
            results = f.object(InstanceResults.self, .results)
        }
    }

    struct InstanceResults: Decodable {
        var stats: Stats?
        var tests: [Test]?
        var exception: String?
        var flaky: Int?
        /// Every screenshot of the spec (each also listed at its attempt, or not), the spec's video,
        /// and Playwright's attachments (`docs/metrics.md` §14).
        var screenshots: [Screenshot]?
        var videoUrl: String?
        var attachments: [Attachment]?

        enum Keys: String, CodingKey, CaseIterable { case stats, tests, exception, flaky, screenshots, videoUrl, attachments }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            stats = f.object(Stats.self, .stats)
            tests = f.array(Test.self, .tests, element: "a test object")
            exception = f.string(.exception)
            flaky = f.int(.flaky)
            screenshots = f.array(Screenshot.self, .screenshots, element: "a screenshot object")
            videoUrl = f.string(.videoUrl)
            attachments = f.array(Attachment.self, .attachments, element: "an attachment object")
        }
    }

    /// A screenshot, listed in `results.screenshots[]` and/or `attempts[].screenshots[]`.
    struct Screenshot: Decodable {
        var screenshotId: String?
        var name: String?
        var testId: String?
        var testAttemptIndex: Int?
        var screenshotURL: String?

        enum Keys: String, CodingKey, CaseIterable { case screenshotId, name, testId, testAttemptIndex, screenshotURL }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            screenshotId = f.string(.screenshotId)
            name = f.string(.name)
            testId = f.string(.testId)
            testAttemptIndex = f.int(.testAttemptIndex)
            screenshotURL = f.string(.screenshotURL)
        }
    }

    /// A Playwright attachment (`results.attachments[]`): a trace, a video, a screenshot or other.
    struct Attachment: Decodable {
        var testId: String?
        var name: String?
        var filename: String?
        var contentType: String?
        var testAttemptIndex: Int?
        var readUrl: String?

        enum Keys: String, CodingKey, CaseIterable { case testId, name, filename, contentType, testAttemptIndex, readUrl }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            testId = f.string(.testId)
            name = f.string(.name)
            filename = f.string(.filename)
            contentType = f.string(.contentType)
            testAttemptIndex = f.int(.testAttemptIndex)
            readUrl = f.string(.readUrl)
        }
    }

    struct Test: Decodable {
        var testId: String?
        var title: [String]?
        var state: TestState?
        var displayError: String?
        /// The test's source, as Cypress recorded it.
        var body: String?
        var attempts: [Attempt]?

        enum Keys: String, CodingKey, CaseIterable { case testId, title, state, displayError, body, attempts }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            testId = f.string(.testId)
            title = f.strings(.title)
            state = f.string(.state).map(TestState.init(reading:))
            displayError = f.string(.displayError)
            body = f.string(.body)
            attempts = f.array(Attempt.self, .attempts, element: "an attempt object")
        }
    }

    struct Attempt: Decodable {
        var state: TestState?
        var error: AttemptError?
        var wallClockStartedAt: Timestamp?
        var wallClockDuration: Int?
        /// Where the attempt starts in the spec's video, in ms.
        var videoTimestamp: Int?
        var screenshots: [Screenshot]?

        enum Keys: String, CodingKey, CaseIterable { case state, error, wallClockStartedAt, wallClockDuration, videoTimestamp, screenshots }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            state = f.string(.state).map(TestState.init(reading:))
            error = f.object(AttemptError.self, .error)
            wallClockStartedAt = f.timestamp(.wallClockStartedAt)
            wallClockDuration = f.int(.wallClockDuration)
            videoTimestamp = f.int(.videoTimestamp)
            screenshots = f.array(Screenshot.self, .screenshots, element: "a screenshot object")
        }
    }

    struct AttemptError: Decodable {
        var name: String?
        var message: String?
        var stack: String?
        var codeFrame: CodeFrame?

        enum Keys: String, CodingKey, CaseIterable { case name, message, stack, codeFrame }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            name = f.string(.name)
            message = f.string(.message)
            stack = f.string(.stack)
            codeFrame = f.object(CodeFrame.self, .codeFrame)
        }
    }

    struct CodeFrame: Decodable {
        var frame: String?
        var line: Int?
        var column: Int?
        var originalFile: String?

        enum Keys: String, CodingKey, CaseIterable { case frame, line, column, originalFile }

        init(from decoder: any Decoder) throws {
            let f = try LenientFields(decoder, Keys.self)
            frame = f.string(.frame)
            line = f.int(.line)
            column = f.int(.column)
            originalFile = f.string(.originalFile)
        }
    }

    // MARK: Strict fields

    static func strictString<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
        let path = JSONPath.string(c.codingPath + [key])
        guard c.contains(key) else { throw StrictDecodingFailure(path: path, message: "missing (a required field)") }
        do {
            return try c.decode(String.self, forKey: key)
        } catch {
            let found = (try? c.decode(JSONKind.self, forKey: key))?.description ?? "an unreadable value"
            throw StrictDecodingFailure(path: path, message: "expected a string, found \(found)")
        }
    }

    /// `specs` must be an array of objects, each with a string `spec`: without it there is no run.
    static func strictSpecs<K: CodingKey>(_ c: KeyedDecodingContainer<K>) throws -> [Spec] {
        guard let key = K(stringValue: "specs") else { return [] }
        let path = c.codingPath + [key]
        guard c.contains(key), (try? c.decodeNil(forKey: key)) != true else {
            throw StrictDecodingFailure(
                path: JSONPath.string(path), message: "missing; a run lists its specs (is this a run-list item rather than a run?)")
        }
        guard var items = try? c.nestedUnkeyedContainer(forKey: key) else {
            let found = (try? c.decode(JSONKind.self, forKey: key))?.description ?? "an unreadable value"
            throw StrictDecodingFailure(path: JSONPath.string(path), message: "expected an array of spec objects, found \(found)")
        }
        var specs: [Spec] = []
        if let n = items.count { specs.reserveCapacity(n) }
        while !items.isAtEnd {
            let index = items.currentIndex
            do {
                specs.append(try items.decode(Spec.self))
            } catch let failure as StrictDecodingFailure {
                throw failure
            } catch {
                let found = (try? items.decode(JSONKind.self))?.description ?? "an unreadable value"
                throw StrictDecodingFailure(
                    path: JSONPath.string(path + [AnyKey(intValue: index)]), message: "expected a spec object, found \(found)")
            }
        }
        return specs
    }
}
