#!/usr/bin/env python3
"""Count the entries of an awesome list independently of lrmindex's readers.

An entry is a line that links a paper (arXiv, OpenReview, ACL Anthology,
a PDF) inside a papers section: under a "Papers" heading when the list has
one, and never under a heading of news, contents, citation, contributors,
blogs, talks or resources.  Fenced code and HTML comments are skipped.
Prints the number of entries and then, one per line, the arXiv ids they
link (without version).  Plain line matching: no Markdown parser, so it
cannot share a mistake with the readers it checks.
"""
import re
import sys

PAPER = re.compile(r'(//(www\.|export\.)?arxiv\.org/|openreview\.net/|aclanthology\.org/|\.pdf\b)', re.I)
ARXIV = re.compile(r'//(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})', re.I)
HEADING = re.compile(r'^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$')
HTML_HEADING = re.compile(r'<h([1-6])[ >](.*?)(?:</h|$)', re.I)
OTHER = re.compile(r'^(news|updates?|contents?|table of contents|quick links|'
                   r'citations?|cite|contribut\w*|acknowledg\w*|blogs?|talks?|'
                   r'resources?|star history|license|keywords|repos?)\b', re.I)
PAPERS = re.compile(r'^(papers?|paper list|full list)$', re.I)


def name(text):
    text = re.sub(r'<[^>]*>', ' ', text)
    text = re.sub(r'!\[[^\]]*\]\([^)]*\)', ' ', text)
    text = re.sub(r'[^\w\s&:/()\-.,+]', ' ', text)
    return ' '.join(text.split())


def main(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    headings = []
    for line in lines:
        m = HEADING.match(line) or HTML_HEADING.search(line)
        if m:
            headings.append(name(m.group(2)))
    has_papers = any(PAPERS.match(h) for h in headings)
    papers_level = skip_level = 0
    fence = comment = False
    count, ids = 0, []
    for line in lines:
        if line.strip().startswith(('```', '~~~')):
            fence = not fence
            continue
        if '<!--' in line and '-->' not in line:
            comment = True
        if comment:
            comment = '-->' not in line
            continue
        if fence:
            continue
        m = HEADING.match(line) or HTML_HEADING.search(line)
        if m:
            level = len(m.group(1)) if m.group(1).startswith('#') else int(m.group(1))
            text = name(m.group(2))
            if papers_level and level <= papers_level:
                papers_level = 0
            if skip_level and level <= skip_level:
                skip_level = 0
            if PAPERS.match(text) and not papers_level:
                papers_level = level
            elif OTHER.match(text) and not skip_level:
                skip_level = level
            continue
        in_papers = (papers_level or not has_papers) and not skip_level
        if in_papers and PAPER.search(line):
            count += 1
            ids.extend(sorted(set(ARXIV.findall(line))))
    print(count)
    for i in ids:
        print(i)


if __name__ == '__main__':
    main(sys.argv[1])
