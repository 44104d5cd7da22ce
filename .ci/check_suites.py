"""Fails when a suite that needs PostgreSQL (or RabbitMQ) ran no test or skipped some."""
import glob
import sys
import xml.etree.ElementTree as ET

# report folder -> what it proves
REQUIRED = {
    "server/target/surefire-reports-postgresql": "server suite on PostgreSQL",
}

failed = False
for folder, what in REQUIRED.items():
    tests = skipped = 0
    for path in glob.glob(f"{folder}/TEST-*.xml"):
        root = ET.parse(path).getroot()
        tests += int(root.get("tests", 0))
        skipped += int(root.get("skipped", 0))
    if tests == 0 or skipped > 0:
        print(f"FAIL: {what}: {tests} tests, {skipped} skipped (reports in {folder})")
        failed = True
    else:
        print(f"ok: {what}: {tests} tests, none skipped")
sys.exit(1 if failed else 0)
