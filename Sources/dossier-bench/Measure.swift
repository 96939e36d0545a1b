import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of a command: its wall time and the peak resident memory of the process.
struct Measurement {
    var seconds: Double
    var peakMiB: Double
    var status: Int32
    /// Processor time (user and system) of the command and what it waited for: the work
    /// done, which the file system's delays on a shared machine do not change as they do wall time.
    var cpuSeconds: Double = 0
}

/// Runs `arguments` in `folder` with its output discarded, timing it and reading
/// its peak memory from the kernel. With `errors`, the command's standard error
/// goes to that file. The file system's pending writes are flushed (`sync`) before
/// the clock starts.
///
/// The peak is measured by GNU time (`/usr/bin/time`, Debian's `time`) where it
/// is installed: `posix_spawn` starts the child sharing this process's memory
/// until it executes the command, and Linux then counts this process's peak as
/// the child's (`wait4` reported the benchmark's own 890 MiB, holding a 30k
/// corpus, for every rebuild). GNU time starts the command with `fork`, from its
/// own small memory. Without it, `wait4`'s figure is used.
func measureProcess(_ arguments: [String], in folder: String, errors: String? = nil) -> Measurement {
    // What the last build wrote goes to the disk first, so that no build pays for the one before it.
    sync()
    let time = "/usr/bin/time"
    guard FileManager.default.isExecutableFile(atPath: time) else {
        return spawnMeasured(arguments, in: folder, errors: errors)
    }
    let report = NSTemporaryDirectory() + "dossier-bench-peak-\(getpid()).txt"
    defer { unlink(report) }
    var measured = spawnMeasured([time, "-f", "%M", "-o", report] + arguments, in: folder, errors: errors)
    if let text = try? String(contentsOfFile: report, encoding: .utf8),
        let kilobytes = text.split(separator: "\n").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
    {
        measured.peakMiB = kilobytes / 1024
    }
    return measured
}

private func spawnMeasured(_ arguments: [String], in folder: String, errors: String?) -> Measurement {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(
        &actions, 2, errors ?? "/dev/null", errors == nil ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // The benchmark runs one command at a time, so the child can inherit this process's folder.
    let previous = FileManager.default.currentDirectoryPath
    guard FileManager.default.changeCurrentDirectoryPath(folder) else {
        return Measurement(seconds: 0, peakMiB: 0, status: -1)
    }
    defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else {
        return Measurement(seconds: 0, peakMiB: 0, status: -1)
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    // A child's usage counts the children it waited for (GNU time's, the command).
    let cpu =
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
    return Measurement(
        seconds: seconds, peakMiB: Double(usage.ru_maxrss) / 1024, status: exitStatus, cpuSeconds: cpu)
}

/// The text a command prints, for versions and machine facts.
func commandOutput(_ arguments: [String]) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    guard (try? process.run()) != nil else { return "unavailable" }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
