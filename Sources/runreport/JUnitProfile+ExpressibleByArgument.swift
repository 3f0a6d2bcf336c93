import ArgumentParser
import RunReport

/// `--junit-profile` and `validate-junit --profile` words, which `--help` lists.
extension JUnitProfile: ExpressibleByArgument {}
