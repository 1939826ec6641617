using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Hyper3D.Commands
{
    /// <summary>
    /// On Windows PowerShell 5.1, hands the module's own copies of System.Text.Json's dependencies to the loader
    /// by name (see <see cref="DependencyResolution"/>), and stops again when the module is removed.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static string? _moduleDirectory;
        private static IReadOnlyDictionary<string, Version>? _shipped;
        private static bool _installed;

        public void OnImport()
        {
            if (!DependencyResolution.IsNeeded(RuntimeInformation.FrameworkDescription))
            {
                return;
            }

            lock (Gate)
            {
                if (_installed)
                {
                    return;
                }

                Assembly module = typeof(ModuleInitializer).Assembly;
                _moduleDirectory = Path.GetDirectoryName(module.Location)!;
                _shipped = DependencyResolution.ShippedBeside(_moduleDirectory, module.GetName().Name!);
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _installed = true;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (_installed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    _installed = false;
                }
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? path = DependencyResolution.Resolve(new AssemblyName(args.Name), _moduleDirectory!, _shipped!);
            return path != null && File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
