import ArgumentParser
import RunReport

/// `--fail-on` words, which `--help` lists.
extension QualityGates.Condition: ExpressibleByArgument {}
