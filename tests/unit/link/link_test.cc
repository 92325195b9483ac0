// LinkExecutable (backend/link/linker.cc) takes one large block: the linked runtime
// image with the module's rooms, which becomes the executable (the module's sections
// copied into the rooms and relocated there). Grown by doubling (as before cspeed10),
// a 2 MB executable also took 4 MB blocks and copies; with a block per buffer (the
// module's code segment, the image, the executable) it took three: fresh memory, whose
// first touch is what made the link phase take 12-18 ms instead of 2 on this
// project's VM (docs/performance.md, "The link's spikes" and "Session 18").
#include <gtest/gtest.h>

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "backend/backend.h"
#include "tests/unit/counting_new.h"

namespace wasmc {
namespace {

// 3 MB of code (int3 with a marker every 64 KB) in .text with its function's symbol,
// and 4 KB of .rodata.
ObjectModule MegabytesOfCode() {
  ObjectModule obj;
  obj.target = Target::kX64;
  Section text{".text", SectionKind::kText, 16, std::vector<uint8_t>(3 << 20, 0xcc), {}};
  for (size_t at = 0; at < text.bytes.size(); at += 65536) text.bytes[at] = static_cast<uint8_t>(at >> 16);
  obj.sections.push_back(std::move(text));
  obj.sections.push_back(Section{".rodata", SectionKind::kRodata, 16, std::vector<uint8_t>(4096, 0), {}});
  obj.AddSymbol(Symbol{"wasmc_func_0", 0, 0, obj.sections[0].bytes.size(), false, true});
  return obj;
}

TEST(LinkExecutable, OneBlockPerBufferForMegabytesOfCode) {
  std::ifstream in(WASMC_TEST_RUNTIME_MIN, std::ios::binary);
  ASSERT_TRUE(in.good()) << WASMC_TEST_RUNTIME_MIN;
  const std::vector<uint8_t> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ObjectModule obj = MegabytesOfCode();
  obj.AddSymbol(Symbol{"wasmc_module_desc", 1, 0, 256, true, false});  // the descriptor, in .rodata
  const Section& text = obj.sections[0];

  std::optional<Result<std::vector<uint8_t>>> linked;
  const int blocks = test::large_blocks.Count(512 * 1024, [&] { linked.emplace(LinkExecutable(obj, image)); });
  const Result<std::vector<uint8_t>>& exe = *linked;
  ASSERT_TRUE(exe.ok()) << exe.diag().Render("test");
  // The runtime with its rooms, which becomes the executable: 1 (it was 6, then 3).
  EXPECT_EQ(blocks, 1);
  // The code is in the executable, whole (found by its markers, in order).
  const std::vector<uint8_t>& file = exe.value();
  auto at = std::search(file.begin(), file.end(), text.bytes.begin(), text.bytes.begin() + 65536);
  ASSERT_NE(at, file.end());
  ASSERT_GE(static_cast<size_t>(file.end() - at), text.bytes.size());
  EXPECT_TRUE(std::equal(text.bytes.begin(), text.bytes.end(), at));
}

// WriteElfObject (backend/elf/elf_writer.cc, `wasmc -c`) likewise: the file in one block
// of its final size, each section copied once straight from the object. Copied into a
// vector per section, then appended to a file grown by doubling, 3 MB of code took three
// blocks: its copy, and the file twice (Session 23, o1mem).
TEST(WriteElfObject, OneBlockForMegabytesOfCode) {
  ObjectModule obj = MegabytesOfCode();
  obj.sections[1].bytes.assign(4096, 7);
  obj.sections[0].relocs.push_back(Reloc{16, RelocKind::kPcRel32, 0, -4, true});

  std::vector<uint8_t> elf;
  const int blocks = test::large_blocks.Count(512 * 1024, [&] { elf = WriteElfObject(obj); });
  EXPECT_EQ(blocks, 1);
  // Both sections' bytes are in the file, whole, at the offsets their headers give.
  Elf64_Ehdr eh;
  ASSERT_GE(elf.size(), sizeof eh);
  std::memcpy(&eh, elf.data(), sizeof eh);
  ASSERT_EQ(eh.e_shoff % 8, 0u);
  ASSERT_LE(eh.e_shoff + uint64_t{eh.e_shnum} * sizeof(Elf64_Shdr), elf.size());
  for (int i : {1, 2}) {
    Elf64_Shdr sh;
    std::memcpy(&sh, elf.data() + eh.e_shoff + i * sizeof sh, sizeof sh);
    const std::vector<uint8_t>& bytes = obj.sections[i - 1].bytes;
    ASSERT_EQ(sh.sh_size, bytes.size());
    EXPECT_EQ(sh.sh_offset % 16, 0u);
    ASSERT_LE(sh.sh_offset + sh.sh_size, eh.e_shoff);
    EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), elf.begin() + static_cast<std::ptrdiff_t>(sh.sh_offset)));
  }
}

}  // namespace
}  // namespace wasmc
