"""The workshop's rules, pure: the 17 principles, reading what tables typed, validating a
table, and agreeing a consensus. Nothing here knows about workbooks, files or Google.

principles (the seed's wording) → resolve (one typed cell → a principle) → validate (one
table's entries) → tally, rules, aggregate, agreement (the room's consensus).
"""
