// wasmc-spec: runs the official WebAssembly spec scripts (.wast) against wasmc.
//
//   wasmc-spec [--target=T] [-j N] [--filter=S] [--xfail=FILE] [-v] FILES_OR_DIRS...
//
// Every file runs in its own worker process (this program, re-executed with
// --worker), several at a time (std::thread, one per job). The worker streams a
// result per command; when a worker crashes or hangs, the command it was running
// is recorded as a failure and the file is re-run with that command marked, so
// one crash costs one command, not the rest of the file. Output: one line per
// file, in input order, then the totals; the last line is exactly
// `N passed, M failed`. Exit status 1 when M > 0, 2 on a usage error.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "tests/spec/process.h"
#include "tests/spec/report.h"
#include "tests/spec/wast_worker.h"
#include "tests/spec/xfail.h"

namespace wasmc::spec {
namespace {

namespace fs = std::filesystem;

constexpr int kReportFd = 3;       // the worker's end of the report pipe
constexpr int kMaxRestarts = 25;   // per file: crashes beyond this end the file

struct RunnerOptions {
  Target target = Target::kX64;
  std::vector<std::string> inputs;
  std::vector<std::string> filters;
  unsigned jobs = 0;
  std::string xfail_path;
  std::string wast2json = WASMC_WAST2JSON;
  std::string self_exe;  // this program, re-executed as a worker
  int timeout_seconds = 120;
  bool verbose = false;
  size_t max_shown = 10;
  // Worker mode (internal).
  std::string worker_file;
  std::string worker_name;
  std::string worker_tmp;
  std::vector<std::string> worker_crashed;  // "LINE:reason"
  std::vector<std::string> worker_xfails;   // "LINE:reason"
};

struct FileEntry {
  std::string path;
  std::string name;
};

Target HostTarget() {
#if defined(__aarch64__)
  return Target::kA64;
#else
  return Target::kX64;
#endif
}

std::optional<Target> ParseTarget(const std::string& s) {
  for (Target t : {Target::kX64, Target::kA64})
    if (s == TargetTriple(t)) return t;
  return std::nullopt;
}

std::map<int, std::string> ParseLineMap(const std::vector<std::string>& items) {
  std::map<int, std::string> out;
  for (const std::string& s : items) {
    size_t colon = s.find(':');
    out[std::atoi(s.c_str())] = colon == std::string::npos ? "" : s.substr(colon + 1);
  }
  return out;
}

int WorkerMain(const RunnerOptions& o) {
  WorkerOptions w;
  w.target = o.target;
  w.wast_path = o.worker_file;
  w.name = o.worker_name;
  w.tmp_dir = o.worker_tmp;
  w.wast2json = o.wast2json;
  w.crashed = ParseLineMap(o.worker_crashed);
  w.xfails = ParseLineMap(o.worker_xfails);
  ReportWriter out(kReportFd);
  RunWastFile(w, out);
  return 0;
}

// The files named by the inputs: files as given, directories' top-level *.wast
// (sorted). Subdirectories are not searched, and each one skipped is noted.
bool CollectFiles(const RunnerOptions& o, std::vector<FileEntry>* files) {
  for (const std::string& in : o.inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<FileEntry> found;
      for (const fs::directory_entry& e : fs::directory_iterator(in, ec)) {
        if (e.is_directory())
          std::printf("note: %s: subdirectory not searched (only top-level .wast files run)\n",
                      e.path().c_str());
        else if (e.path().extension() == ".wast")
          found.push_back({e.path().string(), e.path().filename().string()});
      }
      std::sort(found.begin(), found.end(),
                [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
      files->insert(files->end(), found.begin(), found.end());
    } else if (fs::is_regular_file(in, ec)) {
      files->push_back({in, fs::path(in).filename().string()});
    } else {
      std::fprintf(stderr, "%s:0x0: error: no such file or directory\n", in.c_str());
      return false;
    }
  }
  if (!o.filters.empty()) {
    std::erase_if(*files, [&](const FileEntry& f) {
      return std::none_of(o.filters.begin(), o.filters.end(),
                          [&](const std::string& s) { return f.name.find(s) != std::string::npos; });
    });
  }
  return true;
}

// Runs one worker attempt; returns its reader, and why it ended abnormally
// (empty when it completed).
std::string RunAttempt(const RunnerOptions& o, const std::vector<std::string>& argv,
                       ReportReader* reader) {
  Child child;
  std::string error;
  if (!SpawnWithReportPipe(argv, &child, &error)) return error;
  std::string err_tail;
  bool timed_out = false;
  int open_fds = 2;
  pollfd fds[2] = {{child.report_fd, POLLIN, 0}, {child.stderr_fd, POLLIN, 0}};
  while (open_fds > 0) {
    int n = poll(fds, 2, o.timeout_seconds * 1000);
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
  std::string why = timed_out ? "worker timed out (no progress for " +
                                    std::to_string(o.timeout_seconds) + " s)"
                              : "worker " + DescribeWaitStatus(status);
  // The last line of stderr usually says what went wrong (a CHECK, an abort).
  while (!err_tail.empty() && err_tail.back() == '\n') err_tail.pop_back();
  if (!err_tail.empty()) why += ": " + err_tail.substr(err_tail.rfind('\n') + 1);
  return why;
}

FileReport RunFile(const RunnerOptions& o, const FileEntry& f, const XfailList& xfails) {
  std::string tmpl = (fs::temp_directory_path() / "wasmc-spec-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    FileReport r;
    r.name = f.name;
    r.Add(0, Verdict::kFail, "runner", "cannot create a temporary directory");
    return r;
  }
  std::map<int, std::string> crashed;
  std::vector<std::string> base = {o.self_exe, "--worker", f.path, "--name", f.name,
                                   "--tmp-dir", tmpl, "--target", TargetTriple(o.target),
                                   "--wast2json", o.wast2json};
  for (const auto& [line, reason] : xfails.ForFile(f.name)) {
    base.push_back("--xfail-line");
    base.push_back(std::to_string(line) + ":" + reason);
  }
  FileReport result;
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> argv = base;
    for (const auto& [line, reason] : crashed) {
      argv.push_back("--crashed");
      argv.push_back(std::to_string(line) + ":" + reason);
    }
    ReportReader reader(f.name);
    std::string why = RunAttempt(o, argv, &reader);
    const int line = reader.pending_line();
    if (!why.empty() && line > 0 && attempt < kMaxRestarts && !crashed.count(line)) {
      crashed[line] = why;  // re-run the file with this command marked as failed
      continue;
    }
    result = std::move(reader.report());
    if (!why.empty())
      result.Add(line, Verdict::kFail, "runner",
                 why + (attempt >= kMaxRestarts ? " (too many crashes; rest of file not run)" : ""));
    break;
  }
  std::error_code ec;
  fs::remove_all(tmpl, ec);
  return result;
}

void PrintReport(const RunnerOptions& o, const FileReport& r) {
  std::printf("%s %s: %d passed, %d failed, %d skipped(text), %d not run", r.failed ? "FAIL" : "PASS",
              r.name.c_str(), r.passed, r.failed, r.skipped_text, r.not_run);
  if (r.xfail) std::printf(", %d expected failures", r.xfail);
  std::printf("\n");
  const size_t shown = o.verbose ? r.failures.size() : std::min(r.failures.size(), o.max_shown);
  for (size_t i = 0; i < shown; ++i) std::printf("  %s\n", r.failures[i].c_str());
  if (shown < r.failures.size())
    std::printf("  ... and %zu more failures (-v shows all)\n", r.failures.size() - shown);
  for (const std::string& w : r.warnings) std::printf("  warning: %s\n", w.c_str());
  if (o.verbose) {
    for (const std::string& x : r.expected) std::printf("  %s\n", x.c_str());
    for (const std::string& i : r.infos) std::printf("  info: %s\n", i.c_str());
  }
  std::fflush(stdout);
}

int RunAll(const RunnerOptions& o) {
  XfailList xfails;
  std::string error;
  if (!LoadXfailList(o.xfail_path, &xfails, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 2;
  }
  std::vector<FileEntry> files;
  if (!CollectFiles(o, &files)) return 2;
  if (files.empty()) {
    std::fprintf(stderr, "wasmc-spec:0x0: error: no .wast files to run\n");
    return 2;
  }
  // Workers fill `reports`; results are printed in input order as soon as every
  // earlier file is done, so the output is stable whatever the scheduling.
  std::vector<std::optional<FileReport>> reports(files.size());
  std::mutex mu;
  size_t next_to_print = 0;
  std::atomic<size_t> next_file{0};
  auto work = [&] {
    for (size_t i; (i = next_file++) < files.size();) {
      FileReport r = RunFile(o, files[i], xfails);
      std::lock_guard<std::mutex> lock(mu);
      reports[i] = std::move(r);
      while (next_to_print < files.size() && reports[next_to_print])
        PrintReport(o, *reports[next_to_print++]);
    }
  };
  std::vector<std::thread> threads;
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned j = 0; j < std::min<size_t>(jobs, files.size()); ++j) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();

  long passed = 0, failed = 0, skipped = 0, not_run = 0, xfail = 0, failed_files = 0;
  std::string not_run_reason;
  for (const auto& r : reports) {
    passed += r->passed;
    failed += r->failed;
    skipped += r->skipped_text;
    not_run += r->not_run;
    xfail += r->xfail;
    failed_files += r->failed ? 1 : 0;
    if (!r->not_run_reason.empty()) not_run_reason = r->not_run_reason;
  }
  std::printf("files: %zu run, %zu PASS, %ld FAIL (target %s)\n", files.size(),
              files.size() - failed_files, failed_files, TargetTriple(o.target));
  if (skipped)
    std::printf("skipped: %ld commands in text format (wasmc reads binary modules only)\n", skipped);
  if (not_run)
    std::printf("not run: %ld execution commands (%s)\n", not_run,
                not_run_reason.empty() ? "see above" : not_run_reason.c_str());
  if (xfail) std::printf("expected failures: %ld (listed in %s)\n", xfail, o.xfail_path.c_str());
  std::printf("%ld passed, %ld failed\n", passed, failed);
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace wasmc::spec

int main(int argc, char** argv) {
  using namespace wasmc::spec;
  RunnerOptions o;
  o.target = HostTarget();
  CLI::App app{"wasmc-spec: run WebAssembly spec scripts (.wast) against wasmc"};
  std::string target = wasmc::TargetTriple(o.target);
  app.add_option("--target", target, "x86_64-linux or aarch64-linux (default: the host)");
  app.add_option("inputs", o.inputs, ".wast files, or directories whose top-level .wast files run");
  app.add_option("-j,--jobs", o.jobs, "files run at once (default: number of cores)");
  app.add_option("--filter", o.filters, "run only files whose name contains this (repeatable)");
  app.add_option("--xfail", o.xfail_path,
                 "expected-failure list (default: tests/spec/xfail-<target>.txt)");
  app.add_option("--timeout", o.timeout_seconds, "seconds without progress before a file's worker is killed");
  app.add_option("--wast2json", o.wast2json, "the wast2json program");
  app.add_option("--max-shown", o.max_shown, "failures shown per file without -v");
  app.add_flag("-v,--verbose", o.verbose, "show every failure, expected failure and info");
  // Worker mode, used by the runner itself.
  auto* worker = app.add_option("--worker", o.worker_file)->group("");
  app.add_option("--name", o.worker_name)->group("");
  app.add_option("--tmp-dir", o.worker_tmp)->group("");
  app.add_option("--crashed", o.worker_crashed)->group("");
  app.add_option("--xfail-line", o.worker_xfails)->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "wasmc-spec:0x0: error: %s (run 'wasmc-spec --help')\n", e.what());
    return 2;
  }
  std::optional<wasmc::Target> t = ParseTarget(target);
  if (!t) {
    std::fprintf(stderr, "--target=%s:0x0: error: unknown target (expected x86_64-linux or aarch64-linux)\n",
                 target.c_str());
    return 2;
  }
  o.target = *t;
  if (worker->count()) return WorkerMain(o);
  std::error_code ec;
  o.self_exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (o.self_exe.empty()) o.self_exe = argv[0];
  if (o.inputs.empty()) {
    std::fprintf(stderr, "wasmc-spec:0x0: error: no input files (run 'wasmc-spec --help')\n");
    return 2;
  }
  if (o.xfail_path.empty())
    o.xfail_path = std::string(WASMC_SPEC_SOURCE_DIR) + "/xfail-" + wasmc::TargetTriple(o.target) + ".txt";
  return RunAll(o);
}
