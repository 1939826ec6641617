using System.Management.Automation;

namespace Hyper3D.Commands
{
    /// <summary>
    /// What -GroupUuid takes: a string is a group uuid; any other object gives its GroupUuid (or Uuid) property, which
    /// may be empty (a card without a group). An object's text is never a group: a card prints as its title, which the
    /// server would look up as a group and refuse.
    /// </summary>
    internal sealed class GroupUuidTransformation : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is string)
            {
                return value;
            }

            PSObject item = PSObject.AsPSObject(inputData);
            PSPropertyInfo? property = item.Properties["GroupUuid"] ?? item.Properties["Uuid"];
            if (property == null)
            {
                throw new ArgumentTransformationMetadataException(
                    $"A {value.GetType().Name} is not a group: -GroupUuid takes a group uuid (a string) or objects with a GroupUuid or Uuid property, such as cards and the rows Import-Csv reads back from them.");
            }

            string? uuid = property.Value is PSObject inner ? inner.BaseObject?.ToString() : property.Value?.ToString();
            return string.IsNullOrEmpty(uuid) ? null : uuid;
        }
    }

    /// <summary>
    /// An empty string given as -GroupUuid is a mistake, refused at binding; null is an object of no group, which the
    /// cmdlet passes over (<see cref="GroupUuidTransformation"/> turns an empty GroupUuid property into null).
    /// </summary>
    internal sealed class ValidateGroupUuidAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is string text && text.Length == 0)
            {
                throw new ValidationMetadataException("The argument is an empty string. Pass a group's uuid, or leave out -GroupUuid.");
            }
        }
    }
}
