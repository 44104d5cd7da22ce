"""Fails when a suite that needs PostgreSQL, RabbitMQ, Orthanc, Chromium or a mountable tmpfs ran no test or skipped some."""
import glob
import sys
import xml.etree.ElementTree as ET

# report folder -> what it proves
REQUIRED = {
    "server/target/surefire-reports-postgresql/TEST-*.xml": "server suite on PostgreSQL",
    "server/target/surefire-reports/TEST-*RabbitMqWorkersTest.xml": "pipeline workers on RabbitMQ",
    "dicom-gateway/target/surefire-reports/TEST-*OrthancPushTest.xml": "Orthanc pushing a study to the gateway",
    "dicom-gateway/target/surefire-reports/TEST-*DiskFullTest.xml": "gateway on a full disk",
    "server/target/surefire-reports/TEST-*ClinicianAppBrowserTest.xml": "clinician web app in headless Chromium",
    "server/target/surefire-reports/TEST-*EhrLaunchBrowserTest.xml": "web app opened by an EHR (SMART launch) in Chromium",
}

failed = False
for pattern, what in REQUIRED.items():
    tests = skipped = 0
    for path in glob.glob(pattern):
        root = ET.parse(path).getroot()
        tests += int(root.get("tests", 0))
        skipped += int(root.get("skipped", 0))
    if tests == 0 or skipped > 0:
        print(f"FAIL: {what}: {tests} tests, {skipped} skipped (reports: {pattern})")
        failed = True
    else:
        print(f"ok: {what}: {tests} tests, none skipped")
sys.exit(1 if failed else 0)
