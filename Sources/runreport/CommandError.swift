/// An error a command words itself (`FILE: cannot be read.`), printed like any other error:
/// `Error: ` and the description, exit status 1 (``Main/exit(with:)``).
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
