from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_countries import countries

from core.dates import site_time_zone
from core.http import client_ip
from events.models import Event

from . import services
from .forms import RegistrationForm
from .letterhead import in_language, letterhead
from .models import Registration, RegistrationWindow, Status
from .pdf import image_data_uri, qr_data_uri, render_pdf

RATE_WINDOW_SECONDS = 60 * 60
CHECK_IN_PERMISSION = "delegations.change_registration"


def _window_for(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    window = RegistrationWindow.objects.filter(event=event).select_related("event").first()
    if window is None:
        raise Http404
    return window


def _rate_limited(request):
    """True once this client address has posted more registration forms this hour than the limit."""
    # The address as the trusted proxies saw it (django-ipware, TRUSTED_PROXY_COUNT): a forged header chooses nothing.
    address = client_ip(request)
    key = f"delegations:posts:{address or 'unknown'}:{int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.REGISTRATION_RATE_LIMIT


def _closed(request, window, *, status=410):
    return render(request, "delegations/closed.html", {"window": window, "event": window.event}, status=status)


def _registration_form(request, window, *, head=None, instance=None):
    """The form page: GET shows it with a fresh one-time token; POST registers once."""
    event = window.event
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "delegations/rate_limited.html", {"event": event}, status=429)
        token = request.POST.get("form_token", "")
        if instance is None and Registration.objects.filter(form_token=token).exists():
            # The second click of a double click: the first one registered.
            return redirect("delegations:thanks", slug=event.slug)
        form = RegistrationForm(request.POST, request.FILES, window=window, head=head, instance=instance)
        if not services.form_token_is_valid(token):
            form.add_error(None, translation.gettext("This form has expired. Your entries are kept; send it again."))
        if form.is_valid():
            registration = form.save(commit=False)
            if instance is not None:
                services.registration_resubmit(registration=registration)
            else:
                registration.event = event
                registration.head = head
                if head is not None:
                    registration.city_name = head.city_name
                services.registration_submit(
                    registration=registration, form_token=token, language=translation.get_language()
                )
            return redirect("delegations:thanks", slug=event.slug)
        # A fresh token for the corrected form; the used-token check above stops only a real second submit.
        form.data = form.data.copy()
        form.data["form_token"] = services.new_form_token()
        status = 400
    else:
        form = RegistrationForm(
            window=window, head=head, instance=instance, initial={"form_token": services.new_form_token()}
        )
        status = 200
    ctx = {"event": event, "window": window, "form": form, "head": head, "editing": instance is not None}
    return render(request, "delegations/register.html", ctx, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    window = _window_for(request, slug)
    if not window.accepts():
        return _closed(request, window)
    return _registration_form(request, window)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register_members(request, token):
    """The head of delegation's private link: registers members of the delegation, no account needed."""
    head = services.head_for_members_link(token)
    if head is None:
        raise Http404
    window = RegistrationWindow.objects.filter(event=head.event).select_related("event").first()
    if window is None or not window.accepts():
        return _closed(request, window) if window else HttpResponse(status=410)
    return _registration_form(request, window, head=head)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, token):
    """The registrant's link from the "changes needed" mail."""
    registration = services.registration_for_edit(token)
    if registration is None:
        raise Http404
    window = RegistrationWindow.objects.filter(event=registration.event).select_related("event").first()
    if window is None:
        raise Http404
    return _registration_form(request, window, head=registration.head, instance=registration)


@require_safe
def thanks(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    return render(request, "delegations/thanks.html", {"event": event})


@never_cache
@require_safe
def letter_verify(request, token):
    """Confirms that a letter is genuine and still valid; shows the name and dates, nothing else."""
    letter = services.letter_for_token(token)
    if letter is None:
        return render(request, "delegations/letter_verify.html", {"letter": None}, status=404)
    return render(request, "delegations/letter_verify.html", {"letter": letter, "registration": letter.registration})


# Staff: check-in ------------------------------------------------------------------------------------


@never_cache
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request, slug):
    """A phone page: scan a badge (or type its token), see who it is, record the arrival once."""
    event = get_object_or_404(Event, slug=slug)
    ctx = {"event": event, "result": None}
    status = 200
    if request.method == "POST":
        registration = services.registration_for_badge(request.POST.get("token", ""))
        if registration is None or registration.event_id != event.pk:
            ctx["result"] = "unknown"
            status = 404
        elif registration.status != Status.APPROVED:
            ctx.update(result="not_approved", registration=registration)
            status = 409
        else:
            first = services.registration_check_in(registration=registration, by=request.user)
            ctx.update(
                result="checked_in" if first else "already",
                registration=registration,
                photo=image_data_uri(registration.photo_small),
            )
    ctx["arrived"], ctx["expected"] = _arrivals(event)
    response = render(request, "delegations/check_in.html", ctx, status=status)
    # The one page that uses the camera (the site's policy refuses it everywhere else).
    response.headers["Permissions-Policy"] = "camera=(self)"
    return response


def _arrivals(event):
    """(checked in, approved) for the event: one query."""
    counts = Registration.objects.filter(event=event, status=Status.APPROVED).aggregate(
        arrived=Count("checked_in_at"), expected=Count("pk")
    )
    return counts["arrived"], counts["expected"]


# Staff: PDFs ----------------------------------------------------------------------------------------


def _pdf_response(data, filename, *, inline=True):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def badges_pdf(request, registrations, *, layout="a4"):
    """Badges of the given approved registrations: A6 one per page, or four A6 per A4 sheet."""
    badges = [
        {
            "registration": registration,
            "photo": image_data_uri(registration.photo_large),
            "qr": qr_data_uri(registration.badge_token()),
        }
        for registration in registrations
    ]
    pdf = render_pdf("delegations/pdf/badges.html", {"badges": badges, "layout": layout}, request=request)
    return _pdf_response(pdf, "badges.pdf")


def letter_pdf(request, letter):
    registration = letter.registration
    with translation.override(letter.language):
        head = {key: in_language(value, letter.language) for key, value in letterhead().items()}
        verify_url = settings.SITE_URL + letter.verify_path(letter.language)
        ctx = {
            "letter": letter,
            "registration": registration,
            "event": registration.event,
            "letterhead": head,
            "qr": qr_data_uri(verify_url),
            "verify_url": verify_url,
            "language": letter.language,
            "nationality": countries.name(registration.passport_nationality or "") or "",
        }
        pdf = render_pdf("delegations/pdf/letter.html", ctx, request=request)
    return _pdf_response(pdf, f"{letter.number}.pdf")


# Public: programme ----------------------------------------------------------------------------------


@require_safe
def programme_pdf(request, slug):
    """The event's programme in the page's language, as a tagged PDF."""
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("host_city"), slug=slug)
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    zone = site_time_zone()
    days = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at, zone).date(), []).append(session)
    ctx = {
        "event": event,
        "days": list(days.items()),
        "zone": zone.key,
        "language": translation.get_language(),
        "event_url": request.build_absolute_uri(event.get_absolute_url()),
    }
    pdf = render_pdf("delegations/pdf/programme.html", ctx, tagged=True, request=request)
    return _pdf_response(pdf, f"{event.slug}-programme-{translation.get_language()}.pdf")
