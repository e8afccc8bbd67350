import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Liveness checks that treat a zombie as dead.
package enum ProcessState {
    package static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        guard let state = stat(pid)?.state else { return true }
        return state != "Z" && state != "X"
    }

    /// State, parent and start time from /proc/PID/stat.
    package static func stat(_ pid: pid_t) -> (state: Character, parent: pid_t, startTime: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime priority nice threads itrealvalue starttime ...
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = pid_t(fields[1]),
              let start = UInt64(fields[19]) else { return nil }
        return (state, parent, start)
    }

    /// Every live descendant of `pid`, found through /proc parent links.
    package static func descendants(of pid: pid_t) -> [ProcessIdentity] {
        guard pid > 1 else { return [] }  // 0 would be every process (no pid: a replayed daemon)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var children: [pid_t: [ProcessIdentity]] = [:]
        for entry in entries {
            guard let child = pid_t(entry), let info = stat(child) else { continue }
            children[info.parent, default: []].append(ProcessIdentity(pid: child, startTime: info.startTime))
        }
        var found: [ProcessIdentity] = []
        var queue = [pid]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where !found.contains(child) {
                found.append(child)
                queue.append(child.pid)
            }
        }
        return found
    }

    /// Every thread of `pid` back to nice 0 (Linux's nice value is per thread). A process started at nice 19
    /// (a spare engine) gets almost no CPU on a busy machine, not even to die of a SIGKILL: raised first, it
    /// stops as promptly as the others.
    static func raisePriority(_ pid: pid_t) {
        guard pid > 0 else { return }
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for thread in threads.compactMap(id_t.init) { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 0) }
    }

    /// Polls until `pid` is gone; returns false on timeout.
    @discardableResult
    package static func waitForExit(_ pid: pid_t, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isAlive(pid) {
            if Date() > deadline { return false }
            usleep(50_000)
        }
        return true
    }
}
