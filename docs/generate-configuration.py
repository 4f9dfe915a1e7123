#!/usr/bin/env python3
"""Generate docs/configuration.md from Spring Boot's configuration metadata.

Usage (from the repository root, after building the starter and the worker so that
spring-boot-configuration-processor has written their metadata):

    ./mvnw -B -ntp -q -DskipTests install -pl cachekit-test,starter,worker -am
    python3 docs/generate-configuration.py            # rewrites docs/configuration.md
    python3 docs/generate-configuration.py --check    # exits 1 if the file is out of date

Reads starter/target/classes/META-INF/spring-configuration-metadata.json and the worker's, and writes
one table row per property: name, type (simple name), default and description, sorted by name.
Python 3 standard library only.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METADATA = Path("target/classes/META-INF/spring-configuration-metadata.json")

HEADER = """# Configuration reference

Generated from the configuration metadata that `spring-boot-configuration-processor` writes for the
starter and the worker (IDEs complete the same keys); do not edit by hand. After a change to a
`*Properties` class, rebuild and run `python3 docs/generate-configuration.py` from the repository root
(`--check` only reports whether this file is out of date). `ConfigurationDocsTests` in the starter fails
when a `cachekit.*` property is missing here. Durations take Spring Boot's forms (`250ms`, `10m`), sizes
its data-size forms (`2KB`). An empty default means unset: the description says what applies then.
"""

PER_CACHE = """### Per cache and per rule

Elements of maps and lists, which the metadata does not list: read from the nested properties classes. Each
per-cache setting overrides the `cachekit.cache.*` default of the same name (`stampede.*` and `near-cache.*`
those of the groups of the same name); unset means inherited. Rate-limit rules are checked in order.

"""

WORKER_SHARED = """The worker also reads `cachekit.namespace` (required: the applications' namespace, e.g. `shop`; env
`CACHEKIT_NAMESPACE`) and `cachekit.max-key-length` (default `256`), which must be the applications'.

"""

AUTOCONFIGURE = Path("starter/src/main/java/io/cachekit/autoconfigure")

# (source file, nested class, property prefix): element properties of maps and lists, which the metadata omits
NESTED = [("CachekitCacheProperties.java", "Cache", "cachekit.cache.caches.<name>."),
          ("CachekitCacheProperties.java", "CacheStampede", "cachekit.cache.caches.<name>.stampede."),
          ("CachekitCacheProperties.java", "CacheNearCache", "cachekit.cache.caches.<name>.near-cache."),
          ("CachekitCacheProperties.java", "CacheHotKeys", "cachekit.cache.caches.<name>.hot-keys."),
          ("CachekitRateLimitProperties.java", "Rule", "cachekit.rate-limit.rules[n].")]

NESTED_TYPES = ("CacheStampede", "CacheNearCache", "CacheHotKeys")

PRIMITIVES = {"boolean": "Boolean", "int": "Integer", "long": "Long", "double": "Double"}

PRIMITIVE_DEFAULTS = {"boolean": "false"}

FOOTER = """Feature guides: [cache](cache.md), [locks and rate limits](locks-and-rate-limits.md),
[write-behind](write-behind.md), [resilience](resilience.md), [architecture](architecture.md), [demo](demo.md).
"""

TABLE_HEAD = "| property | type | default | description |\n|---|---|---|---|\n"


def simple_type(java_type):
    """java.util.Map<java.lang.String,a.b.Outer$Inner> -> Map<String, Inner>."""
    if not java_type:
        return ""

    def simple(match):
        return re.split(r"[.$]", match.group(0))[-1]

    name = re.sub(r"[A-Za-z_][\w.$]*", simple, java_type)
    return name.replace(",", ", ")


def default_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = ",".join(default_text(v).strip("`") for v in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return "`" + text + "`" if text else ""


def description_text(text):
    if not text:
        return ""
    text = re.sub(r"\{@(?:code|literal)\s+([^}]*)\}", r"`\1`", text)
    text = re.sub(r"\{@link(?:plain)?\s+([^}\s]*)(?:\s+([^}]*))?\}",
                  lambda m: m.group(2) or "`" + m.group(1).split("#")[-1].split(".")[-1] + "`", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("|", "\\|")


def cell(text):
    return text.replace("<", "&lt;").replace(">", "&gt;")


def rows(metadata_file):
    data = json.loads(metadata_file.read_text(encoding="utf-8"))
    lines = []
    for prop in sorted(data.get("properties", []), key=lambda p: p["name"]):
        name = prop["name"]
        description = description_text(prop.get("description"))
        deprecation = prop.get("deprecation")
        if deprecation is not None:
            replacement = deprecation.get("replacement")
            note = "Deprecated" + (f": use `{replacement}`." if replacement else ".")
            description = (note + " " + description).strip()
        lines.append("| `{}` | {} | {} | {} |\n".format(
            name, cell(simple_type(prop.get("type"))), default_text(prop.get("defaultValue")), description))
    return "".join(lines)


def kebab(name):
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def nested_rows(root):
    """The fields of the nested properties classes: Javadoc, type, name and default, in declaration order."""
    lines = []
    for file_name, class_name, prefix in NESTED:
        text = (root / AUTOCONFIGURE / file_name).read_text(encoding="utf-8")
        body = text[text.index("public static class " + class_name + " {"):]
        body = body[:body.index("\n\t}\n")]
        for doc, java_type, name, default in re.findall(
                r"/\*\*\s*(.*?)\s*\*/\s*private (?:final )?([\w<>, ]+?) (\w+)(?: = ([^;]*))?;", body, re.S):
            if java_type in NESTED_TYPES:
                continue
            description = description_text(" ".join(re.sub(r"^\s*\*\s?", "", line) for line in doc.splitlines()))
            boxed = PRIMITIVES.get(java_type, java_type)
            if not default and java_type in PRIMITIVE_DEFAULTS:
                default = PRIMITIVE_DEFAULTS[java_type]
            lines.append("| `{}{}` | {} | {} | {} |\n".format(prefix, kebab(name), cell(simple_type(boxed)),
                                                            java_default(default), description))
    return "".join(lines)


def java_default(expression):
    """A field initializer as a property value: "ip", true, an enum constant; empty for collections and unset."""
    expression = expression.strip()
    if not expression or expression.startswith("new "):
        return ""
    if expression.startswith('"'):
        return "`" + expression.strip('"') + "`"
    constant = re.fullmatch(r"\w+\.([A-Z_]+)", expression)
    if constant:
        return "`" + constant.group(1).lower().replace("_", "-") + "`"
    return "`" + expression + "`"


def generate(starter, worker, root=ROOT):
    return (HEADER + "\n## Starter (`cachekit.*`)\n\n" + TABLE_HEAD + rows(starter) + "\n" + PER_CACHE
            + TABLE_HEAD + nested_rows(root) + "\n## Worker (`cachekit.worker.*`)\n\n" + WORKER_SHARED
            + TABLE_HEAD + rows(worker) + "\n" + FOOTER)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starter", type=Path, default=ROOT / "starter" / METADATA,
                        help="the starter's spring-configuration-metadata.json")
    parser.add_argument("--worker", type=Path, default=ROOT / "worker" / METADATA,
                        help="the worker's spring-configuration-metadata.json")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "configuration.md",
                        help="the file to write (default: docs/configuration.md)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file differs from what would be generated")
    args = parser.parse_args()
    for path in (args.starter, args.worker):
        if not path.is_file():
            sys.exit(f"{path} does not exist: build the starter and the worker first (see --help)")
    text = generate(args.starter, args.worker)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            sys.exit(f"{args.output} is out of date: run python3 docs/generate-configuration.py")
        return
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
