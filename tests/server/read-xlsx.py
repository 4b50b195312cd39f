#!/usr/bin/python3
# Reads a report workbook (.xlsx) with Python's own ZIP and XML readers, as
# /server/reports/xlsx's independent reader: checks the parts a spreadsheet
# needs, then prints the sum of the "charge" cells of the recurring rows in
# minor units (cents), the number of those rows, and the number of rows.
import decimal
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}

z = zipfile.ZipFile(sys.argv[1])
if z.testzip() is not None:
    sys.exit('a corrupt entry')
for part in ('[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml',
             'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'):
    ET.fromstring(z.read(part))
rows = ET.fromstring(z.read('xl/worksheets/sheet1.xml')).findall('m:sheetData/m:row', NS)


def cells(row):
    out = {}
    for c in row.findall('m:c', NS):
        column = ''.join(ch for ch in c.get('r') if ch.isalpha())
        if c.get('t') == 'inlineStr':
            out[column] = ('text', c.find('m:is/m:t', NS).text or '')
        else:
            out[column] = ('number', c.find('m:v', NS).text)
    return out


header = {v: k for k, (_, v) in cells(rows[0]).items()}
charge, kind = header['charge'], header['kind']
total = decimal.Decimal(0)
count = 0
for row in rows[1:]:
    c = cells(row)
    if c[kind] != ('text', 'recurring'):
        continue
    t, v = c[charge]
    if t != 'number':
        sys.exit('a charge that is not a number: %r' % v)
    total += decimal.Decimal(v)
    count += 1
print(int(total * 100), count, len(rows))
