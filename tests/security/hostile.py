"""Hypothesis strategies of hostile input: scripts, SQL, very long text, rare characters
(𠮷, emoji, zero-width, full-width digits), NUL bytes, wrong types."""

from hypothesis import strategies as st

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE accounts_user; --",
    "1 OR 1=1",
    "' UNION SELECT password FROM accounts_user --",
    "%00",
    "\x00",
    "abc\x00def",
    "𠮷野家",
    "👨‍👩‍👧‍👦🎉",
    "\u200b\u200c\u200d\ufeff",
    "１２３４５６",
    "١٢٣",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2023-02-30",
    "../../etc/passwd",
    "{{ 7*7 }}{% debug %}",
    "\r\nSet-Cookie: x=1",
    " ",
    "",
    "true",
    "[]",
    '{"a": 1}',
    "A" * 5000,
    "测" * 3000,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("𠮷😀\u200b１２３<>'\"%;\\\x00-"), max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=10)),
)
