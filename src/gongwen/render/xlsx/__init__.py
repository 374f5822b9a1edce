"""Excel (.xlsx) output: workbooks saved reproducibly, sheet helpers, and the workbooks of
forms, schedules and calendars, and statistics."""
