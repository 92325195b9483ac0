// SHA-256 (FIPS 180-4), for the keys and checksums of the `wasmc run` cache
// (compiler/driver/run.cc). Plain portable C++: the inputs are a module, a few option
// bytes and, once per wasmc build, the wasmc binary and the runtime image.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace wasmc::driver {

class Sha256 {
 public:
  using Digest = std::array<uint8_t, 32>;

  Sha256();
  void Update(std::span<const uint8_t> bytes);
  void Update(const std::string& s) {
    Update(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  }
  // Ends the message; the object must not be updated afterwards.
  Digest Finish();

  static Digest Of(std::span<const uint8_t> bytes);

 private:
  void Block(const uint8_t* p);

  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes so far
};

// Lower-case hexadecimal, 64 characters.
std::string ToHex(const Sha256::Digest& digest);

}  // namespace wasmc::driver
