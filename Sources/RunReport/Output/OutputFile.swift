/// A rendered report: a file name inside the output directory and its bytes. The pure core produces
/// these; only ``OutputWriter`` touches the disk.
package struct OutputFile: Sendable, Equatable {
    package var name: String
    package var bytes: [UInt8]

    package init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
