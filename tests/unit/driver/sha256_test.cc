// SHA-256 against the FIPS 180-4 / NIST example vectors, fed whole and in pieces
// of every size (the buffering across Update calls is the tricky part).
#include "compiler/driver/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace wasmc::driver {
namespace {

std::string Hex(const std::string& s) {
  return ToHex(Sha256::Of(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size())));
}

TEST(Sha256, NistVectors) {
  EXPECT_EQ(Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecewiseEqualsWhole) {
  std::string msg;
  for (int i = 0; i < 300; ++i) msg += static_cast<char>(i * 7 + 3);
  const std::string whole = Hex(msg);
  for (size_t piece = 1; piece <= 130; ++piece) {
    Sha256 s;
    for (size_t at = 0; at < msg.size(); at += piece) s.Update(msg.substr(at, piece));
    EXPECT_EQ(ToHex(s.Finish()), whole) << "piece " << piece;
  }
}

}  // namespace
}  // namespace wasmc::driver
