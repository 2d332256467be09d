"""Pretty-print JSON page records from stdin, one line per entry of `lines` and `comments`."""

import json
import sys


def pretty(record: dict[str, object]) -> str:
    """The record as indented JSON, keeping each line and comment entry on one line."""
    parts = []
    for key, value in record.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in value)
            parts.append(f'  "{key}": [\n{items}\n  ]')
        else:
            parts.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}')
    return "{\n" + ",\n".join(parts) + "\n}"


if __name__ == "__main__":
    for line in sys.stdin:
        print(pretty(json.loads(line)))
