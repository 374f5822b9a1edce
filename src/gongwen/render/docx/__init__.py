"""Word (.docx) output: namespaces, the package being written, the compiled docxtpl
template, and the WordprocessingML of the generated parts (body, tables, forms, charts,
the official parts of a 公文)."""
