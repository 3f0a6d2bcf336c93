import ArgumentParser
import RunReport

/// `--format` words, which `--help` lists.
extension OutputFormat: ExpressibleByArgument {}
