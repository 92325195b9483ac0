#include "compiler/wast/report.h"

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

namespace wasmc::spec {
namespace {

constexpr const char* kStatusNames[] = {"pass", "fail", "skip-text", "not-run", "xfail", "xpass"};

std::string Clean(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  return s;
}

std::vector<std::string_view> Split(std::string_view s, size_t max_fields) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < max_fields) {
    size_t tab = s.find('\t');
    if (tab == std::string_view::npos) break;
    out.push_back(s.substr(0, tab));
    s.remove_prefix(tab + 1);
  }
  out.push_back(s);
  return out;
}

}  // namespace

void FileReport::Add(int line, Verdict status, const std::string& command, const std::string& text_in) {
  std::string text = text_in;
  if (auto x = xfails.lines.find(line); x != xfails.lines.end()) {
    if (status == Verdict::kFail) {
      status = Verdict::kXfail;
      text = "expected failure (" + x->second + "): " + text;
    } else if (status == Verdict::kPass) {
      status = Verdict::kXpass;
      text = "passed, but is listed as an expected failure (" + x->second + "): remove it from the xfail list";
    }
  } else if (status == Verdict::kFail) {
    for (const FeatureXfail& f : xfails.features) {
      if (text.find(f.name) == std::string::npos) continue;
      status = Verdict::kXfail;
      text = "expected failure (feature " + f.name + ": " + f.reason + "): " + text;
      ++by_feature[f.name];
      break;
    }
  }
  ++results_per_line[line];
  std::string where = name + ":" + std::to_string(line) + ": ";
  switch (status) {
    case Verdict::kPass: ++passed; break;
    case Verdict::kFail:
      ++failed;
      failures.push_back(where + command + ": " + text);
      break;
    case Verdict::kSkipText: ++skipped_text; break;
    case Verdict::kNotRun: ++not_run; break;
    case Verdict::kXfail:
      ++xfail;
      expected.push_back(where + command + ": " + text);
      break;
    case Verdict::kXpass:
      ++failed;
      failures.push_back(where + command + ": " + text);
      break;
  }
}

void FileReport::AddScriptError(const std::string& error) {
  ++failed;
  failures.push_back(error);
}

void ReportWriter::Write(std::string record) {
  record += '\n';
  const char* p = record.data();
  size_t left = record.size();
  while (left > 0) {
    ssize_t n = write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // parent gone: nothing useful left to do
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void ReportWriter::Start(int line) { Write("S\t" + std::to_string(line)); }

void ReportWriter::Result(int line, Verdict status, const std::string& command,
                          const std::string& text) {
  Write("R\t" + std::to_string(line) + "\t" + kStatusNames[static_cast<int>(status)] + "\t" +
        Clean(command) + "\t" + Clean(text));
}

void ReportWriter::Info(int line, const std::string& text) {
  Write("I\t" + std::to_string(line) + "\t" + Clean(text));
}

void ReportWriter::Warn(const std::string& text) { Write("W\t" + Clean(text)); }
void ReportWriter::NotRunReason(const std::string& text) { Write("N\t" + Clean(text)); }
void ReportWriter::Done() { Write("D"); }

void ReportReader::Feed(std::string_view bytes) {
  partial_.append(bytes);
  size_t start = 0;
  for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1)
    Parse(std::string_view(partial_).substr(start, nl - start));
  partial_.erase(0, start);
}

void ReportReader::Parse(std::string_view record) {
  std::vector<std::string_view> f = Split(record, 5);
  if (f[0] == "S" && f.size() >= 2) {
    pending_line_ = std::atoi(std::string(f[1]).c_str());
  } else if (f[0] == "R" && f.size() == 5) {
    int line = std::atoi(std::string(f[1]).c_str());
    for (int s = 0; s < 6; ++s)
      if (f[2] == kStatusNames[s])
        report_.Add(line, static_cast<Verdict>(s), std::string(f[3]), std::string(f[4]));
    pending_line_ = 0;
  } else if (f[0] == "I" && f.size() >= 3) {
    report_.infos.push_back(report_.name + ":" + std::string(f[1]) + ": " + std::string(f[2]));
  } else if (f[0] == "W" && f.size() >= 2) {
    report_.warnings.push_back(report_.name + ": " + std::string(f[1]));
  } else if (f[0] == "N" && f.size() >= 2) {
    report_.not_run_reason = std::string(f[1]);
  } else if (f[0] == "D") {
    done_ = true;
  }
}

}  // namespace wasmc::spec
