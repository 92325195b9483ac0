#include "compiler/wast/file_runner.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "compiler/wast/process.h"
#include "compiler/wast/script_json.h"
#include "compiler/wast/script_parser.h"

namespace wasmc::spec {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxRestarts = 25;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Reads the script's command list (to account for every command, whatever
// happens to the workers). With --wast2json the script is converted first. On
// failure returns why: a `FILE:LINE:COL: error: what` for our own front end.
std::string ReadCommands(const FileJob& job, const std::string& json_path,
                         std::vector<std::pair<int, std::string>>* commands) {
  Script script;
  if (job.wast2json.empty()) {
    ScriptFile file;
    std::string error;
    if (!LoadScriptFile(job.path, job.name, &file, &error)) return error;
    *commands = CommandLines(file.script);
    return "";
  }
  const std::string log = fs::path(json_path).replace_extension(".log").string();
  std::string error;
  int status = RunToCompletion({job.wast2json, "--no-check", job.path, "-o", json_path}, log, &error);
  if (status < 0) return error;
  if (status != 0)
    return job.name + ":0: wast2json: cannot convert the script: " + DescribeWaitStatus(status) + ": " +
           ReadText(log);
  if (!ReadWast2Json(json_path, &script, &error)) return job.name + ":0: wast2json: " + error;
  *commands = CommandLines(script);
  return "";
}

// Runs one worker; returns why it ended abnormally (empty when it completed).
std::string RunAttempt(const FileJob& job, const std::vector<std::string>& argv, ReportReader* reader) {
  Child child;
  std::string error;
  if (!SpawnWithReportPipe(argv, &child, &error)) return error;
  std::string err_tail;
  bool timed_out = false;
  int open_fds = 2;
  pollfd fds[2] = {{child.report_fd, POLLIN, 0}, {child.stderr_fd, POLLIN, 0}};
  while (open_fds > 0) {
    int n = poll(fds, 2, job.timeout_seconds * 1000);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      timed_out = true;
      kill(child.pid, SIGKILL);
      break;
    }
    for (pollfd& p : fds) {
      if (p.fd < 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      ssize_t got = read(p.fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        close(p.fd);
        p.fd = -1;
        --open_fds;
      } else if (p.fd == child.report_fd) {
        reader->Feed(std::string_view(buf, static_cast<size_t>(got)));
      } else {
        err_tail.append(buf, static_cast<size_t>(got));
        if (err_tail.size() > 4096) err_tail.erase(0, err_tail.size() - 4096);
      }
    }
  }
  for (pollfd& p : fds)
    if (p.fd >= 0) close(p.fd);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!timed_out && reader->done() && WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  std::string why = timed_out ? "worker timed out (no progress for " + std::to_string(job.timeout_seconds) + " s)"
                              : "worker " + DescribeWaitStatus(status);
  // The last line of stderr usually says what went wrong (a CHECK, an abort).
  while (!err_tail.empty() && err_tail.back() == '\n') err_tail.pop_back();
  if (!err_tail.empty()) why += ": " + err_tail.substr(err_tail.rfind('\n') + 1);
  return why;
}

}  // namespace

FileReport RunFileIsolated(const FileJob& job) {
  FileReport result;
  result.name = job.name;
  result.xfails = job.xfails;
  std::string dir = (fs::temp_directory_path() / "wasmc-spec-XXXXXX").string();
  if (!mkdtemp(dir.data())) {
    result.Add(0, Verdict::kFail, "runner", std::string("cannot create a temporary directory: ") + strerror(errno));
    return result;
  }
  // wast2json names the modules after the JSON file: <stem>.<N>.wasm.
  const std::string json_path = dir + "/" + fs::path(job.name).stem().string() + ".json";
  std::vector<std::pair<int, std::string>> commands;
  if (std::string why = ReadCommands(job, json_path, &commands); !why.empty()) {
    result.AddScriptError(why);
  } else {
    std::map<int, std::string> crashed;
    std::string last_crash;
    for (int attempt = 0;; ++attempt) {
      std::vector<std::string> argv = job.self_argv;
      argv.insert(argv.end(), {"--worker", job.path, "--work-dir", dir, "--target", TargetTriple(job.target)});
      if (!job.wast2json.empty()) argv.insert(argv.end(), {"--worker-json", json_path});
      if (job.no_exec) argv.push_back("--no-exec");
      if (job.parse_only) argv.push_back("--parse-only");
      for (const auto& [line, reason] : crashed) {
        argv.push_back("--crashed");
        argv.push_back(std::to_string(line) + ":" + reason);
      }
      ReportReader reader(job.name, job.xfails);
      std::string why = RunAttempt(job, argv, &reader);
      const int line = reader.pending_line();
      if (!why.empty() && line > 0 && attempt < kMaxRestarts && !crashed.count(line)) {
        crashed[line] = why;  // run the file again with this command marked as failed
        continue;
      }
      result = std::move(reader.report());
      if (!why.empty()) {
        result.Add(line, Verdict::kFail, "runner", why);
        last_crash = why;
      }
      break;
    }
    // Commands that never got a result (the worker gave up, or died between
    // commands) fail explicitly: the totals always cover the whole script.
    std::map<int, int> expected;
    for (const auto& [line, type] : commands) {
      if (++expected[line] > result.results_per_line[line])
        result.Add(line, Verdict::kFail, type,
                   "not run: the worker stopped before it (" + last_crash + ")");
    }
  }
  std::map<int, bool> lines;
  for (const auto& c : commands) lines[c.first] = true;
  for (const auto& [line, reason] : job.xfails.lines)
    if (line != 0 && !lines.count(line))
      result.warnings.push_back(job.name + ": xfail entry for line " + std::to_string(line) +
                                " matches no command (stale? reason: " + reason + ")");
  std::error_code ec;
  fs::remove_all(dir, ec);
  return result;
}

}  // namespace wasmc::spec
