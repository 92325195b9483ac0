// C++ without exceptions: classes, virtual calls, templates, lambdas, the STL
// (vector, string, map, algorithm, unique_ptr) and static constructors.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double Area() const = 0;
  virtual std::string Name() const = 0;
};
struct Rect : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  double Area() const override { return w * h; }
  std::string Name() const override { return "rect " + std::to_string(static_cast<int>(w)) + "x" + std::to_string(static_cast<int>(h)); }
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double Area() const override { return 3.14159265358979 * r * r; }
  std::string Name() const override { return "circle r=" + std::to_string(static_cast<int>(r)); }
};

template <typename T>
T Sum(const std::vector<T>& v) {
  T total{};
  for (const T& x : v) total += x;
  return total;
}

static std::map<std::string, int> counts = {{"static", 1}};  // a static constructor

int main(int argc, char** argv) {
  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 1; i <= 4; ++i) {
    shapes.push_back(std::make_unique<Rect>(i, i + 1));
    shapes.push_back(std::make_unique<Circle>(i));
  }
  std::sort(shapes.begin(), shapes.end(), [](const auto& a, const auto& b) { return a->Area() < b->Area(); });
  for (const auto& s : shapes) {
    std::printf("%-12s %8.3f\n", s->Name().c_str(), s->Area());
    ++counts[s->Name().substr(0, s->Name().find(' '))];
  }
  for (const auto& [name, n] : counts) std::printf("%s: %d\n", name.c_str(), n);
  std::vector<int> v(100);
  for (int i = 0; i < 100; ++i) v[i] = i * i;
  std::printf("sum %d, args %d\n", Sum(v), argc);
  return 0;
}
