import Foundation

/// Progress of a fetch on standard error: a line redrawn in place on a terminal (done/total, rate,
/// ETA), a plain line every few seconds otherwise (CI logs), nothing when quiet. Retries are noted
/// on their own lines in both modes.
package final class ProgressMeter: @unchecked Sendable {
    package enum Mode: Sendable, Equatable {
        case terminal
        case lines(every: Duration)
        case silent
    }

    private let mode: Mode
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastLine: ContinuousClock.Instant
    private var total = 0
    private var done = 0
    private var reused = 0
    private var drawn = false

    package init(mode: Mode, write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.write = write
        start = clock.now
        lastLine = start
    }

    package func begin(total: Int, reused: Int) {
        lock.withLock {
            self.total = total
            self.reused = reused
            draw(force: true)
        }
    }

    package func advance() {
        lock.withLock {
            done += 1
            draw(force: false)
        }
    }

    package func note(_ message: String) {
        lock.withLock {
            guard mode != .silent else { return }
            write((mode == .terminal && drawn ? "\r\u{1B}[K" : "") + Format.terminalSafe(message) + "\n")
            drawn = false
            if mode == .terminal { draw(force: true) }
        }
    }

    package func finish() {
        lock.withLock {
            guard mode != .silent else { return }
            if mode == .terminal, drawn { write("\r\u{1B}[K") }
            drawn = false
            write(line() + "\n")
        }
    }

    private func draw(force: Bool) {
        switch mode {
        case .silent: return
        case .terminal:
            write("\r\u{1B}[K" + line())
            drawn = true
        case .lines(let every):
            let now = clock.now
            guard force || now - lastLine >= every else { return }
            lastLine = now
            write(line() + "\n")
        }
    }

    private func line() -> String {
        let needed = total - reused
        let seconds = (clock.now - start).inMilliseconds / 1000
        var text = "instances \(done + reused)/\(total)"
        if reused > 0 { text += " (\(reused) already saved)" }
        if done > 0, seconds > 0 {
            let rate = Double(done) / seconds
            text += String(format: " · %.0f/s", rate)
            if done < needed { text += " · ETA \(Format.duration(Int64(Double(needed - done) / rate * 1000)))" }
        }
        return text
    }
}
