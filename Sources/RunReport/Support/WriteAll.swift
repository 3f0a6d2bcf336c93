#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Writes the whole buffer to `fd`, retrying short writes and EINTR; 0, or the errno that stopped it.
func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < buffer.count, let base = buffer.baseAddress {
        let n = write(fd, base + offset, buffer.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += n
    }
    return 0
}
