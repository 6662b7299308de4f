"""The public side of intake: the page «Сообщить о семье» anyone may fill in without signing
in, the status lookup by number and code, and the API the organisation's own site posts to."""
