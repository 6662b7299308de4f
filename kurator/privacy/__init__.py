"""Consents and the data subject's rights (152-FZ): consents and their withdrawal, subject
requests, destruction (deadlines, anonymisation, acts, the retention term) and the person's
data export."""
