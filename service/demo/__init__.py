"""The demo blog: one article and a WordPress-style comment form that goes through commentmod
over HTTP (`routes`), served at `/demo/` by `commentmod demo` (`cli`)."""
