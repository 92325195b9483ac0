#include "compiler/module.h"

#include <map>
#include <unordered_map>

namespace wasmc {

const char* ValTypeName(ValType t) {
  if (IsRefType(t) && (HasHeapIndex(t) || !IsNullableRef(t))) {
    // Typed references: a few rotating buffers, so one message can name two types.
    thread_local std::string bufs[4];
    thread_local unsigned next = 0;
    std::string& b = bufs[next++ % 4];
    b = std::string("(ref ") + (IsNullableRef(t) ? "null " : "") +
        (HasHeapIndex(t) ? std::to_string(HeapIndex(t))
                         : StorageType(t) == ValType::kFuncRef ? "func" : "extern") + ")";
    return b.c_str();
  }
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
    case ValType::kExnRef: return "exnref";
    case ValType::kBottom: return "unknown";
  }
  return "?";
}

void CanonicalizeTypes(Module& m) {
  // Each function type is its own recursion group (no GC `rec`): a reference to an
  // earlier type compares by that type's id, one to the type itself as "self"; a
  // later index is invalid (the validator reports it), so it compares by index.
  std::map<std::vector<uint64_t>, uint32_t> ids;
  m.type_canon.clear();
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    const FuncType& t = m.types[i];
    std::vector<uint64_t> key{t.params.size()};
    for (const auto* list : {&t.params, &t.results}) {
      for (ValType v : *list) {
        uint64_t k = static_cast<uint32_t>(v) & 0x1ff;
        if (HasHeapIndex(v)) {
          const uint32_t j = HeapIndex(v);
          k |= j < i ? (uint64_t{m.type_canon[j]} + 1) << 9
               : j == i ? uint64_t{1} << 62 : (uint64_t{j} << 9) | uint64_t{1} << 61;
        }
        key.push_back(k);
      }
    }
    m.type_canon.push_back(ids.emplace(std::move(key), static_cast<uint32_t>(ids.size())).first->second);
  }
}

bool FuncTypeKey(const Module& m, uint32_t root, size_t cap, std::vector<uint32_t>* out) {
  out->clear();
  auto typed = [](ValType v) { return IsRefType(v) && (HasHeapIndex(v) || !IsNullableRef(v)); };
  auto value = [&](uint32_t i, size_t k) {
    const FuncType& t = m.types[i];
    return k < t.params.size() ? t.params[k] : t.results[k - t.params.size()];
  };
  auto count = [&](uint32_t i) { return m.types[i].params.size() + m.types[i].results.size(); };
  bool any = false;
  for (size_t k = 0; k < count(root); ++k) any = any || typed(value(root, k));
  if (!any) return true;
  std::unordered_map<uint32_t, uint32_t> entry;  // type_canon -> entry number
  struct Item { uint32_t type; size_t next; };
  std::vector<Item> stack{{root, 0}};
  while (!stack.empty()) {
    const uint32_t i = stack.back().type;
    if (entry.count(m.type_canon[i])) {
      stack.pop_back();
      continue;
    }
    bool descended = false;
    while (stack.back().next < count(i)) {
      const ValType v = value(i, stack.back().next++);
      if (!HasHeapIndex(v) || HeapIndex(v) == i || entry.count(m.type_canon[HeapIndex(v)])) continue;
      stack.push_back({HeapIndex(v), 0});  // only earlier types (validated): this ends
      descended = true;
      break;
    }
    if (descended) continue;
    if (entry.size() >= cap) return false;
    out->push_back(static_cast<uint32_t>(m.types[i].params.size()));
    out->push_back(static_cast<uint32_t>(m.types[i].results.size()));
    for (size_t k = 0; k < count(i); ++k) {
      const ValType v = value(i, k);
      out->push_back(static_cast<uint32_t>(v) & 0x1ff);
      out->push_back(!HasHeapIndex(v) ? kKeyNone
                     : HeapIndex(v) == i ? kKeySelf
                                         : entry.at(m.type_canon[HeapIndex(v)]));
    }
    entry.emplace(m.type_canon[i], static_cast<uint32_t>(entry.size()));
    stack.pop_back();
  }
  return true;
}

bool Module::IsSubtype(ValType a, ValType b) const {
  if (a == b || a == ValType::kBottom) return true;
  if (!IsRefType(a) || !IsRefType(b) || StorageType(a) != StorageType(b)) return false;
  if (!IsNullableRef(b) && IsNullableRef(a)) return false;
  if (!HasHeapIndex(b)) return true;
  if (!HasHeapIndex(a)) return false;
  const uint32_t i = HeapIndex(a), j = HeapIndex(b);
  if (i >= type_canon.size() || j >= type_canon.size()) return i == j;
  return type_canon[i] == type_canon[j];
}

bool Module::IsSubtype(const FuncType& a, const FuncType& b) const {
  if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) return false;
  for (size_t k = 0; k < a.params.size(); ++k)
    if (!IsSubtype(b.params[k], a.params[k])) return false;
  for (size_t k = 0; k < a.results.size(); ++k)
    if (!IsSubtype(a.results[k], b.results[k])) return false;
  return true;
}

std::string Module::FunctionName(uint32_t func_index) const {
  if (auto it = names.functions.find(func_index); it != names.functions.end()) return it->second;
  for (const Export& e : exports)
    if (e.kind == ExternKind::kFunc && e.index == func_index) return e.name;
  if (func_index < num_imported_funcs) {
    uint32_t n = 0;
    for (const Import& im : imports)
      if (im.kind == ExternKind::kFunc && n++ == func_index) return im.module + "." + im.name;
  }
  return "func[" + std::to_string(func_index) + "]";
}

}  // namespace wasmc
