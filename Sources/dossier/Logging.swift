import Foundation
import Logging

/// Plain lines on stderr, without swift-log's timestamps, so that the output of
/// a build reads the same on every run.
struct PlainLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        FileHandle.standardError.write(Data("dossier: \(event.message)\n".utf8))
    }

    static func logger(verbose: Bool) -> Logger {
        var logger = Logger(label: "dossier") { _ in PlainLogHandler(logLevel: .info) }
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}
