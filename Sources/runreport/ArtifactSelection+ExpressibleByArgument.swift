import ArgumentParser
import RunReport

/// `--artifacts failed|all|none`, which `--help` lists.
extension ArtifactDownloader.Selection: ExpressibleByArgument {}
