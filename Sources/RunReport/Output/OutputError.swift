/// A report could not be written.
package struct OutputError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    package var description: String { "\(path): cannot write: \(reason)." }
}
