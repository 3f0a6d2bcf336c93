import Dispatch
import Foundation

/// Turns SIGTERM (a CI timeout, `docker stop`), SIGINT (Ctrl-C) and SIGHUP (a closed terminal) into
/// a clean stop: the temporary files are removed, nothing more is renamed into place, and the
/// process exits with 128 + the signal (143, 130, 129) — see ``TemporaryFiles/terminate(signal:)``.
/// SIGKILL cannot be caught; what it leaves behind the next run removes (``TemporaryName``).
package enum TerminationHandler {
    /// Installs the handlers; the caller keeps the returned sources for the life of the process (a
    /// released source stops handling its signal). Called once, first thing, by the executable.
    package static func install() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "runreport.termination")
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            // Dispatch needs the default action out of the way (on Linux it then installs its own
            // handler, which forwards the signal to its queue). A signal ignored when we started
            // (`nohup`, a background job's SIGINT) stays ignored: that was the parent's choice.
            let previous = signal(sig, SIG_IGN)
            if Self.isIgnore(previous) { continue }
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { TemporaryFiles.shared.terminate(signal: sig) }
            source.resume()
            sources.append(source)
        }
        // A write past a file size limit (`ulimit -f`) raises SIGXFSZ in the writing thread. Dispatch
        // threads block it, but the main thread (`templates export` writes there) was killed by it
        // mid-write, its temporary files left behind; ignored, the write fails with EFBIG instead,
        // an ordinary error that removes them.
        signal(SIGXFSZ, SIG_IGN)
        return sources
    }

    private static func isIgnore(_ handler: sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
