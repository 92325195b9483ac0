(assert_malformed (module quote "(func") "unclosed")
(thread $T (thread $U))
