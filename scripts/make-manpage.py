#!/usr/bin/env python3
"""Writes tengen(6), the manual page, from the program's own help: `tengen --help`, then
`tengen <command> --help` for every command that app/help_texts.txt has a text for (its `@@` lines),
each with the options Boost prints. One source for both (issue 35): a command or option added to the
program appears in the page at the next build.

Usage: make-manpage.py TENGEN HELP_TEXTS OUT
"""
import datetime
import os
import re
import subprocess
import sys


def roff_escape(text):
    """Text safe in a roff line: backslashes doubled as \\e, a leading . or ' made literal."""
    text = text.replace("\\", "\\e")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def option_term(term):
    """'--size arg' -> bold option, italic argument; '-h [ --help ]' kept readable."""
    words = []
    for word in term.split():
        if word.startswith("-"):
            words.append("\\fB" + roff_escape(word).replace("-", "\\-") + "\\fR")
        else:
            words.append("\\fI" + roff_escape(word) + "\\fR" if word not in "[]" else word)
    return " ".join(words)


def help_to_roff(help_text):
    """One command's help: paragraphs filled; option and sub-command lists as .TP items."""
    out = []
    item = None  # [term, description lines] of the list item being read
    paragraph = []

    def flush():
        nonlocal item, paragraph
        if item:
            out.extend([".TP", item[0], roff_escape(" ".join(part.strip() for part in item[1] if part.strip()))])
            item = None
        if paragraph:
            out.extend([".PP", roff_escape(" ".join(paragraph))])
            paragraph = []

    for line in help_text.splitlines():
        if not line.strip():
            flush()
            continue
        entry = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if line.startswith("   ") and (item or paragraph):  # a wrapped line of an item
            (item[1] if item else paragraph).append(line.strip())
        elif entry and line.startswith("  "):
            flush()
            term = entry.group(1)
            item = [option_term(term) if term.startswith("-") else "\\fB" + roff_escape(term) + "\\fR",
                    [entry.group(2) or ""]]
        elif line.endswith(":") and not line.startswith(" "):  # "Options for `tengen gtp`:"
            flush()
            out.extend([".PP", "\\fB" + roff_escape(line) + "\\fR"])
        else:
            if item:
                flush()
            paragraph.append(line.strip())
    flush()
    return out


def command_names(help_texts_path):
    names = []
    with open(help_texts_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("@@ tengen "):
                names.append(line[len("@@ tengen "):].split())
    return names


def run_help(tengen, words):
    result = subprocess.run([tengen] + words + ["--help"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        sys.exit("make-manpage: `tengen %s --help` exited %d: %s" % (" ".join(words), result.returncode, result.stderr))
    return result.stdout


def page(tengen, help_texts):
    version = subprocess.run([tengen, "--version"], capture_output=True, text=True, timeout=60).stdout.split("\n")[0]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds set it
    date = datetime.datetime.utcfromtimestamp(int(epoch)).date() if epoch else datetime.date.today()
    lines = ['.TH TENGEN 6 "%s" "%s" "Games"' % (date.isoformat(), roff_escape(version)),
             ".SH NAME", "tengen \\- a Go engine after AlphaGo: GTP, KataGo's analysis protocol, training",
             ".SH SYNOPSIS", "\\fBtengen\\fR \\fIcommand\\fR [\\fIoptions\\fR]", ".br",
             "\\fBtengen\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR", ".br", "\\fBtengen \\-\\-version\\fR",
             ".SH DESCRIPTION"]
    # The top-level help without its usage lines (the SYNOPSIS has them).
    top = [line for line in run_help(tengen, []).splitlines() if not line.lstrip().startswith(("Usage:", "tengen <"))]
    lines += help_to_roff("\n".join(top))
    lines.append(".SH COMMANDS")
    for words in command_names(help_texts):
        lines += [".SS \"tengen %s\"" % " ".join(words)] + help_to_roff(run_help(tengen, words))
    lines += [".SH FILES",
              "The shipped networks are looked for in $TENGEN_WEIGHTS, then in \\fI../share/tengen/weights\\fR "
              "beside the executable (the installed copy, e.g. \\fI/usr/share/tengen/weights\\fR), then in the "
              "build tree's \\fIweights\\fR, \\fIweights\\fR beside the executable and \\fI./weights\\fR; each "
              "found file must match the SHA-256 its folder's MANIFEST lists. \\fBtengen weights\\fR shows which.",
              ".SH ENVIRONMENT", ".TP", "\\fBTENGEN_WEIGHTS\\fR", "a folder searched first for the shipped networks.",
              ".TP", "\\fBTENGEN_TORCH_THREADS\\fR", "replaces the network library thread count that every command asks for (a testing lever: docs/RELIABILITY.md).",
              ".SH EXIT STATUS", "0 on success, 1 on an error (a message on standard error says what was wrong), "
              "2 on bad usage.",
              ".SH SEE ALSO", "\\fBgnugo\\fR(6); the documents in \\fI/usr/share/doc/tengen\\fR: USAGE.md (GUIs, "
              "analysis, matches), TRAINING.md, SEARCH.md."]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tengen, help_texts, out = sys.argv[1:]
    text = page(tengen, help_texts)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
