"""Unit tests of harness.py's comparison (run by lit: harness-unit.test)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

V8 = """instantiate ok
call f
1 : i32
result f32 2143289344
call g
trap divide by zero
call h
exhaustion Maximum call stack size exceeded
call k
result i32 1
memory 5
"""


class CompareTest(unittest.TestCase):
    def test_equal_modulo_nan_bits_and_trap_words(self):
        wasmc = V8.replace("2143289344", "4290772992").replace(
            "trap divide by zero", "trap integer divide by zero").replace(
            "exhaustion Maximum call stack size exceeded", "exhaustion call stack exhausted")
        self.assertIsNone(harness.first_difference(harness.normalize(V8), harness.normalize(wasmc)))

    def test_a_changed_log_line_is_a_difference(self):
        diff = harness.first_difference(harness.normalize(V8),
                                        harness.normalize(V8.replace("1 : i32", "0 : i32")))
        self.assertIn("call f", diff)
        self.assertIn("`0 : i32`", diff)

    def test_another_trap_kind_is_a_difference(self):
        wasmc = V8.replace("trap divide by zero", "trap out of bounds memory access")
        self.assertIn("memory-oob", harness.first_difference(harness.normalize(V8),
                                                             harness.normalize(wasmc)))

    def test_comparison_stops_at_stack_exhaustion(self):
        wasmc = V8.replace("result i32 1", "result i32 2").replace("memory 5", "memory 6")
        self.assertIsNone(harness.first_difference(harness.normalize(V8), harness.normalize(wasmc)))

    def test_a_missing_line_is_a_difference(self):
        wasmc = V8.replace("1 : i32\n", "")
        self.assertIsNotNone(harness.first_difference(harness.normalize(V8), harness.normalize(wasmc)))

    def test_unknown_trap_messages_stay_apart(self):
        self.assertEqual(harness.trap_kind("something new"), "other(something new)")


if __name__ == "__main__":
    unittest.main()
