"""``make bench``: HTTP requests and simulated time per workshop operation, over the fake.

sheets_sync is compared with the same workshop written the plain gspread way and with
gspread-dataframe, all against ``tests.fake_google`` (no network, no real waiting).
"""
