"""The hotline journal («журнал горячей линии»): calls, the operator's shift, a signal made from
a call in one click, the API a telephony system posts calls to."""
