#include "compiler/wast/xfail.h"

#include <cstdlib>
#include <fstream>

namespace wasmc::spec {

FileXfails XfailList::ForFile(const std::string& file_name) const {
  FileXfails out;
  out.features = features;
  for (const auto& [key, reason] : entries) {
    const size_t colon = key.rfind(':');
    const std::string file = key.substr(0, colon);
    const bool same = file == file_name ||
                      (file_name.size() > file.size() && file_name.ends_with(file) &&
                       file_name[file_name.size() - file.size() - 1] == '/');
    if (same) out.lines[std::atoi(key.c_str() + colon + 1)] = reason;
  }
  return out;
}

bool LoadXfailList(const std::string& path, XfailList* out, std::string* error) {
  std::ifstream in(path);
  if (!in) return true;  // no list: nothing is expected to fail
  std::string text;
  for (int line_no = 1; std::getline(in, text); ++line_no) {
    if (auto hash = text.find('#'); hash != std::string::npos) text.resize(hash);
    size_t start = text.find_first_not_of(" \t\r");
    if (start == std::string::npos) continue;
    if (text.compare(start, 8, "feature ") == 0) {
      const size_t sep = text.find(": ", start + 8);
      FeatureXfail f;
      if (sep != std::string::npos) {
        f.name = text.substr(start + 8, sep - start - 8);
        f.reason = text.substr(sep + 2);
      }
      while (!f.reason.empty() && (f.reason.back() == ' ' || f.reason.back() == '\r')) f.reason.pop_back();
      if (f.name.empty() || f.reason.empty()) {
        *error = path + ":" + std::to_string(line_no) + ": expected `feature <name>: <reason>`";
        return false;
      }
      out->features.push_back(std::move(f));
      continue;
    }
    size_t space = text.find_first_of(" \t", start);
    std::string key = text.substr(start, space == std::string::npos ? std::string::npos : space - start);
    std::string reason;
    if (space != std::string::npos) {
      size_t r = text.find_first_not_of(" \t", space);
      if (r != std::string::npos) reason = text.substr(r);
      while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\r')) reason.pop_back();
    }
    size_t colon = key.rfind(':');
    bool line_ok = colon != std::string::npos && colon + 1 < key.size() &&
                   key.find_first_not_of("0123456789", colon + 1) == std::string::npos;
    if (!line_ok || !key.substr(0, colon).ends_with(".wast")) {
      *error = path + ":" + std::to_string(line_no) + ": expected `<file>.wast:<line> <reason>`";
      return false;
    }
    if (reason.empty()) {
      *error = path + ":" + std::to_string(line_no) + ": an expected failure needs a reason";
      return false;
    }
    // Normalise the line number (no leading zeros) so lookups match.
    key = key.substr(0, colon + 1) + std::to_string(std::atoi(key.c_str() + colon + 1));
    out->entries[key] = reason;
  }
  return true;
}

}  // namespace wasmc::spec
