"""Sentences for database constraints, so a form says what is wrong instead of 'Constraint “x” is violated.'

Each app registers a translated sentence per constraint name (in its admin module); the admin's forms
(`core.admin.ConstraintMessagesFormMixin`) and imports replace Django's default message with it.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

_messages = {}


def register_constraint_messages(messages):
    """{constraint name: (lazily) translated sentence}."""
    _messages.update(messages)


def constraint_message(name):
    return _messages.get(name)


def explain_constraint_errors(model, error):
    """`error` with every default constraint message of `model` replaced by its registered sentence."""
    replacements = {}
    for constraint in model._meta.constraints:
        sentence = _messages.get(constraint.name)
        if sentence is not None:
            replacements[str(constraint.get_violation_error_message())] = sentence
    if not replacements:
        return error

    def replace(errors):
        return [
            ValidationError(replacements.get(text, text), code=getattr(item, "code", None))
            for item in errors
            for text in item.messages
        ]

    if hasattr(error, "error_dict"):
        return ValidationError({field: replace(errors) for field, errors in error.error_dict.items()})
    return ValidationError(replace(error.error_list))


__all__ = ["NON_FIELD_ERRORS", "constraint_message", "explain_constraint_errors", "register_constraint_messages"]
